import confTmpl from '../../templates/dhcp/dhcp6s.conf.tmpl?raw';
import defaultTmpl from '../../templates/dhcp/wide-dhcpv6-server.default.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DhcpReservation, DhcpSection, Profile } from '../profile/types';
import { header } from './header';
import { fill, lines } from './template';
import type { RenderContext, RenderedFile } from './types';

/** The pool's name in dhcp6s.conf; only used to tie the interface to the pool and in log lines. */
const POOL = 'v6wizard';

function optionLines(dns: string[], search: string[]): string {
  return lines(
    dns.length > 0 && `option domain-name-servers ${dns.join(' ')};`,
    // dhcp6s takes one name per statement; repeated statements build the search list in order.
    ...search.map((d) => `option domain-name "${d}";`),
  );
}

/** dhcp6s sends the preferred and the valid lifetime; the profile's min/max have no WIDE form. */
function lifetimes(dhcp: DhcpSection): string {
  return `${dhcp.leaseTimes.preferredSeconds} ${dhcp.leaseTimes.defaultSeconds}`;
}

function poolBlock(dhcp: DhcpSection, lanInterface: string): string {
  return [
    `interface ${lanInterface} {`,
    `\taddress-pool ${POOL} ${lifetimes(dhcp)};`,
    `};`,
    ``,
    `pool ${POOL} {`,
    `\trange ${dhcp.poolStart} to ${dhcp.poolEnd};`,
    `};`,
  ].join('\n');
}

function hostBlock(r: DhcpReservation, dhcp: DhcpSection): string {
  return lines(
    `host ${r.name} {`,
    // dhcp6s identifies a host by its DUID alone; there is no IAID statement.
    r.iaid !== undefined && `\t# IAID ${r.iaid} is not matched: dhcp6s reserves by DUID only.`,
    `\tduid ${r.duid};`,
    `\taddress ${r.address} ${lifetimes(dhcp)};`,
    `};`,
  );
}

/**
 * `/etc/wide-dhcpv6/dhcp6s.conf` and `/etc/default/wide-dhcpv6-server` for WIDE dhcp6s. WIDE has no
 * configuration-test mode, so these files carry no `validate`; the tests start the real dhcp6s in a
 * throwaway network namespace instead.
 */
export function renderWide(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const dhcp = profile.dhcpv6;
  const stateful = dhcp.mode === 'stateful';
  const lanInterface = profile.router.lanInterface;
  const conf = fill(confTmpl, {
    header: header(ctx),
    modeText: stateful ? 'stateful: addresses and DNS' : 'stateless: DNS only',
    lanCidr: derived.lanCidr,
    lanInterface,
    options: optionLines(derived.dhcpDns, dhcp.domainSearch),
    // Stateless: no address pool, so dhcp6s only answers Information-request with the options.
    pool: stateful ? `\n${poolBlock(dhcp, lanInterface)}` : '',
    hosts:
      stateful && dhcp.reservations.length > 0
        ? `\n${dhcp.reservations.map((r) => hostBlock(r, dhcp)).join('\n\n')}`
        : '',
  });
  return [
    {
      path: '/etc/wide-dhcpv6/dhcp6s.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'wide-dhcpv6-server',
      content: conf,
      stage: 'dhcp',
      description: stateful
        ? `WIDE dhcp6s: addresses ${dhcp.poolStart}–${dhcp.poolEnd} and DNS for the LAN.`
        : 'WIDE dhcp6s: DNS servers and search list for the LAN (no addresses).',
    },
    {
      path: '/etc/default/wide-dhcpv6-server',
      mode: 0o644,
      owner: 'root:root',
      service: 'wide-dhcpv6-server',
      content: fill(defaultTmpl, { header: header(ctx), lanInterface }),
      stage: 'dhcp',
      description: `Tells the WIDE dhcp6s init script to serve only ${lanInterface}.`,
    },
  ];
}
