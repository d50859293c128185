import { UNIT_CHECK } from './unit-check';
import confTmpl from '../../templates/dhcp/dhcpd6.conf.tmpl?raw';
import unitTmpl from '../../templates/dhcp/v6wizard-dhcpd6.service.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DhcpReservation, DhcpSection, Profile } from '../profile/types';
import { header } from './header';
import { fill, lines } from './template';
import type { RenderContext, RenderedFile } from './types';

/**
 * dhcpd's lease times for IPv6: default-lease-time is the valid lifetime, min/max clamp what a
 * client may ask for, preferred-lifetime is sent as is.
 */
function lifetimeLines(dhcp: DhcpSection): string {
  const t = dhcp.leaseTimes;
  return lines(
    `default-lease-time ${t.defaultSeconds};`,
    `preferred-lifetime ${t.preferredSeconds};`,
    `min-lease-time ${t.minSeconds};`,
    `max-lease-time ${t.maxSeconds};`,
  );
}

function optionLines(dns: string[], search: string[]): string {
  return lines(
    dns.length > 0 && `option dhcp6.name-servers ${dns.join(', ')};`,
    // Domains are validated DNS names, so they need no escaping inside the quotes.
    search.length > 0 && `option dhcp6.domain-search ${search.map((d) => `"${d}"`).join(', ')};`,
  );
}

function subnetBlock(dhcp: DhcpSection, lanCidr: string): string {
  if (dhcp.mode === 'stateful') {
    return [`subnet6 ${lanCidr} {`, `  range6 ${dhcp.poolStart} ${dhcp.poolEnd};`, `}`].join('\n');
  }
  // dhcpd -6 will not listen on an interface without a subnet6 that matches its address; a subnet6
  // without range6 gives no addresses and is answered with the global options (Information-request).
  return [
    `# Stateless: no range6, so only Information-request is answered (DNS and search list).`,
    `subnet6 ${lanCidr} {`,
    `}`,
  ].join('\n');
}

function hostBlock(r: DhcpReservation): string {
  // dhcpd matches host declarations on the whole client-id option (the DUID); it has no way to key
  // a reservation on the IAID as well.
  const note =
    r.iaid === undefined ? undefined : `  # IAID ${r.iaid} is not matched: dhcpd reserves by DUID only.`;
  return lines(
    `host ${r.name} {`,
    note,
    `  host-identifier option dhcp6.client-id ${r.duid};`,
    `  fixed-address6 ${r.address};`,
    `}`,
  );
}

/**
 * `/etc/dhcp/dhcpd6.conf` for ISC dhcpd 4.4 in `-6` mode, plus the systemd unit that runs it with its
 * own lease and pid files.
 */
export function renderIscDhcpd(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const dhcp = profile.dhcpv6;
  const stateful = dhcp.mode === 'stateful';
  const lanInterface = profile.router.lanInterface;
  const conf = fill(confTmpl, {
    header: header(ctx),
    modeText: stateful ? 'stateful: addresses and DNS' : 'stateless: DNS only',
    lanCidr: derived.lanCidr,
    lanInterface,
    lifetimes: stateful ? lifetimeLines(dhcp) : '',
    options: optionLines(derived.dhcpDns, dhcp.domainSearch),
    subnet: subnetBlock(dhcp, derived.lanCidr),
    hosts:
      stateful && dhcp.reservations.length > 0 ? `\n${dhcp.reservations.map(hostBlock).join('\n\n')}` : '',
  });
  const unit = fill(unitTmpl, { header: header(ctx), lanInterface });
  return [
    {
      path: '/etc/dhcp/dhcpd6.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'v6wizard-dhcpd6',
      content: conf,
      validate: ['dhcpd', '-6', '-t', '-cf', '{file}'],
      stage: 'dhcp',
      description: stateful
        ? `ISC dhcpd -6: addresses ${dhcp.poolStart}–${dhcp.poolEnd} and DNS for the LAN.`
        : 'ISC dhcpd -6: DNS servers and search list for the LAN (no addresses).',
    },
    {
      path: '/etc/systemd/system/v6wizard-dhcpd6.service',
      mode: 0o644,
      owner: 'root:root',
      service: 'v6wizard-dhcpd6',
      content: unit,
      validate: [...UNIT_CHECK],
      stage: 'dhcp',
      description: `Runs dhcpd -6 on ${lanInterface} with its own lease and pid files (Debian's isc-dhcp-server cannot).`,
    },
  ];
}
