import { parseV6, prefixContains, v6Kind } from '../../net/addr';
import type { Profile } from '../../profile/types';
import { dnsNameProblems } from '../names';
import { error, warning, type Problem } from '../problem';
import { checkUnicast } from './address';
import { cidr, networks } from './context';
import type { Rule } from './index';

/** Intervals and lifetimes within RFC 4861 §6.2.1, and an MTU the tunnel can carry. */
function timing(profile: Profile): Problem[] {
  const ra = profile.ra;
  const problems: Problem[] = [];
  const max = ra.maxIntervalSeconds;
  if (max < 4 || max > 1800)
    problems.push(error('ra.maxIntervalSeconds', `is ${max}; RFC 4861 allows 4 to 1800 seconds`));
  const minCap = Math.floor(0.75 * max);
  if (ra.minIntervalSeconds < 3 || ra.minIntervalSeconds > minCap) {
    problems.push(
      error(
        'ra.minIntervalSeconds',
        `is ${ra.minIntervalSeconds}; it must be from 3 to 0.75 × maxIntervalSeconds (${minCap})`,
      ),
    );
  }
  const lifetime = ra.defaultLifetimeSeconds;
  if (lifetime !== 0 && (lifetime < max || lifetime > 9000)) {
    problems.push(
      error(
        'ra.defaultLifetimeSeconds',
        `is ${lifetime}; it must be 0 (not a default router) or from maxIntervalSeconds (${max}) to 9000`,
      ),
    );
  }
  const mtu = ra.linkMtu;
  if (mtu !== 0 && mtu < 1280) {
    problems.push(
      error(
        'ra.linkMtu',
        `is ${mtu}; give 0 to not advertise an MTU, or 1280 (the IPv6 minimum) up to the tunnel MTU (${profile.tunnel.mtu})`,
      ),
    );
  } else if (mtu > profile.tunnel.mtu) {
    problems.push(
      error(
        'ra.linkMtu',
        `is ${mtu}, larger than the tunnel MTU (${profile.tunnel.mtu}); packets that size would be dropped at the tunnel — use at most ${profile.tunnel.mtu}`,
      ),
    );
  }
  if (ra.validLifetimeSeconds === 0) {
    problems.push(
      error(
        'ra.validLifetimeSeconds',
        'is 0, which tells clients to drop their addresses at once; 86400 (a day) is usual',
      ),
    );
  }
  if (ra.preferredLifetimeSeconds > ra.validLifetimeSeconds) {
    problems.push(
      error(
        'ra.preferredLifetimeSeconds',
        `(${ra.preferredLifetimeSeconds}) is above validLifetimeSeconds (${ra.validLifetimeSeconds}); an address cannot stay preferred after it stops being valid`,
      ),
    );
  }
  return problems;
}

/** RDNSS (RFC 8106): each server a unicast address the LAN's clients can actually reach. */
function rdnss(profile: Profile): Problem[] {
  const { routed, lan, lanRouter, tunnelLink } = networks(profile);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  profile.ra.rdnss.forEach((value, i) => {
    const path = `ra.rdnss[${i}]`;
    const checked = checkUnicast(path, value);
    problems.push(...checked.problems);
    const a = checked.address;
    if (a === undefined) return;
    if (seen.has(a)) problems.push(warning(path, `is ${a} again; each DNS server is announced once`));
    seen.add(a);
    if (v6Kind(a)?.linkLocal) {
      problems.push(
        warning(
          path,
          `is ${a}, a link-local address; only clients that support link-local RDNSS can use it — prefer the router's LAN address ${lanRouter ?? ''}`.trimEnd(),
        ),
      );
    } else if (routed && lan && prefixContains(routed, a) && !prefixContains(lan, a) && a !== lanRouter) {
      problems.push(
        warning(
          path,
          `is ${a}, inside the routed prefix but outside the LAN ${cidr(lan)}; clients reach it only if another router routes that subnet`,
        ),
      );
    } else if (tunnelLink && prefixContains(tunnelLink, a) && a !== parseV6(profile.tunnel.serverIpv6)) {
      problems.push(
        warning(
          path,
          `is ${a}, on the tunnel link ${cidr(tunnelLink)} but not the broker's server; nothing else answers there`,
        ),
      );
    }
  });
  if (profile.ra.rdnss.length > 3) {
    problems.push(
      warning('ra.rdnss', `has ${profile.ra.rdnss.length} servers; many clients use only the first 3`),
    );
  }
  return problems;
}

export const raRule: Rule = (profile) => [
  ...timing(profile),
  ...rdnss(profile),
  ...profile.ra.dnssl.flatMap((d, i) => dnsNameProblems(`ra.dnssl[${i}]`, d)),
];
