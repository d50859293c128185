import { parseV6, prefixContains, v6ToBig } from '../../net/addr';
import { raFlagsFor } from '../../profile/derive';
import type { Profile } from '../../profile/types';
import { assertNever } from '../../util/assert-never';
import { dnsNameProblems } from '../names';
import { error, warning, type Problem } from '../problem';
import { checkUnicast, notV6Reason } from './address';
import { networks } from './context';
import { reservationProblems } from './dhcpv6-reservations';
import type { Rule } from './index';

/** Servers that still work but that a person should know are no longer maintained. */
function server(profile: Profile): Problem[] {
  const s = profile.dhcpv6.server;
  switch (s) {
    case 'isc-dhcpd':
      return [
        warning(
          'dhcpv6.server',
          "is isc-dhcpd: ISC dhcpd reached end of life in 2022; Kea is ISC's maintained successor",
        ),
      ];
    case 'wide-dhcp6s':
      return [
        warning(
          'dhcpv6.server',
          'is wide-dhcp6s: WIDE dhcp6s has been unmaintained since 2008; Kea or dnsmasq are maintained',
        ),
      ];
    case 'kea':
    case 'dnsmasq':
      return [];
    default:
      return assertNever(s);
  }
}

/** The address pool: always real addresses (they reach configs); placed inside the LAN only matters when stateful. */
function pool(profile: Profile): Problem[] {
  const d = profile.dhcpv6;
  const ends: [string, string][] = [
    ['dhcpv6.poolStart', d.poolStart],
    ['dhcpv6.poolEnd', d.poolEnd],
  ];
  const problems: Problem[] = [];
  for (const [path, value] of ends) {
    if (parseV6(value) === undefined) problems.push(error(path, notV6Reason(value, '2001:db8:1::1000')));
  }
  const start = parseV6(d.poolStart);
  const end = parseV6(d.poolEnd);
  const { lan, lanRouter } = networks(profile);
  if (d.mode !== 'stateful' || start === undefined || end === undefined || !lan) return problems;
  for (const [path, value] of ends) {
    const a = parseV6(value);
    if (a !== undefined && !prefixContains(lan, a)) {
      problems.push(
        error(
          path,
          `is ${a}, outside the LAN ${lan.network}/64; the pool is part of the LAN, e.g. ${lan.network}1000`,
        ),
      );
    }
  }
  if (v6ToBig(start) > v6ToBig(end)) {
    problems.push(
      error(
        'dhcpv6.poolEnd',
        `is ${end}, before poolStart (${start}); the pool runs from poolStart up to poolEnd`,
      ),
    );
  } else if (
    lanRouter !== undefined &&
    v6ToBig(lanRouter) >= v6ToBig(start) &&
    v6ToBig(lanRouter) <= v6ToBig(end)
  ) {
    problems.push(
      error(
        'dhcpv6.poolStart',
        `the pool ${start}–${end} contains the router's own address ${lanRouter}; start the pool above it`,
      ),
    );
  }
  return problems;
}

/** Lease times: min ≤ default ≤ max, preferred ≤ default (a real config had min 4000 above default 1800). */
function leases(profile: Profile): Problem[] {
  if (profile.dhcpv6.mode === 'none') return [];
  const t = profile.dhcpv6.leaseTimes;
  const at = 'dhcpv6.leaseTimes';
  const problems: Problem[] = [];
  if (t.defaultSeconds <= 0)
    problems.push(error(`${at}.defaultSeconds`, 'is 0; a lease must last some time, e.g. 4000'));
  // dnsmasq refuses lease times under two minutes and uses only the default.
  if (profile.dhcpv6.server === 'dnsmasq' && t.defaultSeconds > 0 && t.defaultSeconds < 120)
    problems.push(
      error(`${at}.defaultSeconds`, `is ${t.defaultSeconds}; dnsmasq needs a lease of at least 120 seconds`),
    );
  if (t.minSeconds > t.defaultSeconds) {
    problems.push(
      error(
        `${at}.minSeconds`,
        `(${t.minSeconds}) is above defaultSeconds (${t.defaultSeconds}): min ≤ default ≤ max`,
      ),
    );
  }
  if (t.defaultSeconds > t.maxSeconds) {
    problems.push(
      error(
        `${at}.maxSeconds`,
        `(${t.maxSeconds}) is below defaultSeconds (${t.defaultSeconds}): min ≤ default ≤ max`,
      ),
    );
  }
  // Kea and dhcpd clamp a client's hinted valid lifetime to min but send the preferred lifetime as
  // set: with preferred above min, a client that hints short gets preferred > valid and must discard
  // the address (RFC 8415 §21.6; seen with Kea: preferred 3000, valid 1800).
  const clamps = profile.dhcpv6.server === 'kea' || profile.dhcpv6.server === 'isc-dhcpd';
  if (profile.dhcpv6.mode === 'stateful' && clamps && t.preferredSeconds > t.minSeconds) {
    problems.push(
      error(
        `${at}.preferredSeconds`,
        `(${t.preferredSeconds}) is above minSeconds (${t.minSeconds}): a client given the shortest lease would get a preferred lifetime longer than its valid lifetime and drop the address (RFC 8415 §21.6); use at most ${t.minSeconds}, or raise minSeconds to ${t.preferredSeconds} or more`,
      ),
    );
  } else if (t.preferredSeconds > t.defaultSeconds) {
    problems.push(
      error(
        `${at}.preferredSeconds`,
        `(${t.preferredSeconds}) is above defaultSeconds (${t.defaultSeconds}); an address stops being preferred before it expires`,
      ),
    );
  }
  return problems;
}

/** DNS over DHCPv6 and in the RA must agree with the M/O flags the mode sets, or clients end up with no DNS. */
function dns(profile: Profile): Problem[] {
  const d = profile.dhcpv6;
  const problems: Problem[] = [
    ...d.dnsServers.flatMap((a, i) => checkUnicast(`dhcpv6.dnsServers[${i}]`, a).problems),
    ...d.domainSearch.flatMap((n, i) => dnsNameProblems(`dhcpv6.domainSearch[${i}]`, n)),
  ];
  const flags = raFlagsFor(d.mode);
  if (flags.other && d.dnsServers.length === 0 && profile.ra.rdnss.length === 0) {
    problems.push(
      warning(
        'dhcpv6.dnsServers',
        `is empty and so is ra.rdnss: in ${d.mode} mode clients ask DHCPv6 for DNS servers and would get none`,
      ),
    );
  }
  if (d.mode === 'none' && d.dnsServers.length > 0) {
    problems.push(
      warning(
        'dhcpv6.dnsServers',
        'are not sent: mode is none, so there is no DHCPv6 server; the RA announces ra.rdnss instead',
      ),
    );
  }
  if (d.mode === 'none' && profile.ra.rdnss.length === 0) {
    problems.push(
      warning(
        'ra.rdnss',
        'is empty and DHCPv6 mode is none, so clients get no IPv6 DNS server (they may still use one learned over IPv4)',
      ),
    );
  }
  return problems;
}

export const dhcpv6Rule: Rule = (profile) => [
  ...server(profile),
  ...pool(profile),
  ...leases(profile),
  ...dns(profile),
  ...reservationProblems(profile),
];
