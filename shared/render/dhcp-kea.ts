import tmpl from '../../templates/dhcp/kea-dhcp6.conf.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DhcpReservation, DhcpSection, Profile } from '../profile/types';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/** A JSON string literal: profile text reaches Kea's JSON parser escaped, never spliced raw. */
const str = (value: string): string => JSON.stringify(value);

/**
 * Lifetimes for stateful service. The profile's default lease time is Kea's valid lifetime, with its
 * min/max bounding what a client may ask for. T1/T2 are computed by Kea from the preferred lifetime
 * (RFC 8415 recommends 0.5 and 0.8), so they can never end up longer than the lifetime they renew.
 * min/max-preferred-lifetime are left out: the profile has one preferred lifetime, and Kea then uses
 * it as given whatever the client hints.
 */
function lifetimeLines(dhcp: DhcpSection): string {
  const t = dhcp.leaseTimes;
  return [
    `"preferred-lifetime": ${t.preferredSeconds},`,
    `"valid-lifetime": ${t.defaultSeconds},`,
    `"min-valid-lifetime": ${t.minSeconds},`,
    `"max-valid-lifetime": ${t.maxSeconds},`,
    `"calculate-tee-times": true,`,
    `"t1-percent": 0.5,`,
    `"t2-percent": 0.8,`,
  ].join('\n');
}

/** option-data entries; Kea's csv-format takes a comma-separated list in one string. */
function optionLines(dns: string[], search: string[]): string {
  const entries: string[] = [];
  if (dns.length > 0) entries.push(`{ "name": "dns-servers", "data": ${str(dns.join(', '))} }`);
  if (search.length > 0) entries.push(`{ "name": "domain-search", "data": ${str(search.join(', '))} }`);
  return entries.join(',\n');
}

function reservationLines(r: DhcpReservation): string {
  const body = [
    `{`,
    `  "duid": ${str(r.duid)},`,
    `  "ip-addresses": [ ${str(r.address)} ],`,
    `  "hostname": ${str(r.name)}`,
    `}`,
  ];
  // Kea 2.2 matches DHCPv6 reservations by DUID (or hw-address) only; an IAID cannot be part of the
  // key. Said here so nobody believes the IAID from the profile is being enforced.
  const note =
    r.iaid === undefined
      ? []
      : [
          `# IAID ${r.iaid} is not matched: Kea reserves by DUID only, so this address goes to any IA of this DUID.`,
        ];
  return [...note, ...body].join('\n');
}

interface Field {
  /** A `#` comment line written above the member. */
  why?: string;
  member: string;
}

/** JSON object members joined by commas, with any comment kept on its own line above its member. */
function members(fields: Field[]): string {
  return fields
    .map((f, i) => `${f.why ? `# ${f.why}\n` : ''}${f.member}${i < fields.length - 1 ? ',' : ''}`)
    .join('\n');
}

function subnetLines(profile: Profile, derived: Derived): string {
  const dhcp = profile.dhcpv6;
  const fields: Field[] = [
    {
      why: 'An explicit id keeps leases tied to this subnet when the file is regenerated.',
      member: '"id": 1',
    },
    { member: `"subnet": ${str(derived.lanCidr)}` },
    { member: `"interface": ${str(profile.router.lanInterface)}` },
  ];
  if (dhcp.mode === 'stateful') {
    fields.push({ member: `"pools": [ { "pool": ${str(`${dhcp.poolStart} - ${dhcp.poolEnd}`)} } ]` });
    if (dhcp.reservations.length > 0) {
      const list = dhcp.reservations.map(reservationLines).join(',\n');
      fields.push({ member: `"reservations": [\n${indent(list, '  ')}\n]` });
    }
  } else {
    // A subnet without pools: Kea hands out no addresses (a Solicit gets NoAddrsAvail) but still
    // answers Information-request on the LAN with the global options.
    fields.push({
      why: 'Stateless: no pools, so only Information-request is answered (DNS and search list).',
      member: '"pools": [ ]',
    });
  }
  return members(fields);
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

/** `/etc/kea/kea-dhcp6.conf` for Kea 2.2 (Debian 12), stateless or stateful. */
export function renderKea(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const dhcp = profile.dhcpv6;
  const stateful = dhcp.mode === 'stateful';
  const content = fill(tmpl, {
    header: header(ctx),
    modeText: stateful ? 'stateful: addresses and DNS' : 'stateless: DNS only',
    lanCidr: derived.lanCidr,
    lanInterface: profile.router.lanInterface,
    lanInterfaceJson: str(profile.router.lanInterface),
    lifetimes: stateful ? lifetimeLines(dhcp) : '',
    options: optionLines(derived.dhcpDns, dhcp.domainSearch),
    subnetBody: subnetLines(profile, derived),
  });
  return [
    {
      path: '/etc/kea/kea-dhcp6.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'kea-dhcp6-server',
      content,
      validate: ['kea-dhcp6', '-t', '{file}'],
      stage: 'dhcp',
      description: stateful
        ? `Kea DHCPv6 server: addresses ${dhcp.poolStart}–${dhcp.poolEnd} and DNS for the LAN.`
        : 'Kea DHCPv6 server: DNS servers and search list for the LAN (no addresses).',
    },
  ];
}
