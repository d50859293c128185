import tmpl from '../../templates/dhcp/dnsmasq-dhcpv6.conf.tmpl?raw';
import { parseV6 } from '../net/addr';
import type { Derived } from '../profile/derive';
import type { DhcpReservation, DhcpSection, Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { header } from './header';
import { fill, lines } from './template';
import type { RenderContext, RenderedFile } from './types';

function rangeLine(dhcp: DhcpSection, derived: Derived): string {
  if (dhcp.mode === 'stateful') {
    // dnsmasq has one lease time per range (sent as the valid and the preferred lifetime); the
    // profile's default lease time is the one that fits. min/max/preferred have no dnsmasq form.
    return lines(
      "# Addresses from the pool; dnsmasq has one lease time, the profile's default lease time.",
      `dhcp-range=${dhcp.poolStart},${dhcp.poolEnd},64,${dhcp.leaseTimes.defaultSeconds}`,
    );
  }
  // "static" with no dhcp-host gives no addresses but answers Information-request on this /64
  // only; the all-zero catch-all (::,static) would also answer on the WAN and the tunnel.
  return lines(
    '# Stateless: "static" without dhcp-host lines hands out no addresses, only DNS (Information-request).',
    `dhcp-range=${derived.lan.network},static,64`,
  );
}

function optionLines(tag: string, dns: string[], search: string[]): string {
  return lines(
    dns.length > 0
      ? `dhcp-option=tag:${tag},option6:dns-server,${dns.map((a) => `[${a}]`).join(',')}`
      : // Without data the option is sent empty instead of dnsmasq's default (its own address),
        // because this router may not run a DNS server at all.
        `dhcp-option=tag:${tag},option6:dns-server`,
    search.length > 0 && `dhcp-option=tag:${tag},option6:domain-search,${search.join(',')}`,
  );
}

/**
 * What dnsmasq's DNS side does beside DHCPv6. A DNS server that listens on every address fights
 * systemd-resolved's stub on 127.0.0.53:53 ("Address already in use"), and then dnsmasq does not start
 * at all — DHCPv6 included. So:
 * - `off`: nothing in the profile sends a LAN host to the router for DNS, so dnsmasq's DNS is switched
 *   off (`port=0`) and it serves DHCPv6 only;
 * - `lan`: the router's LAN address is a DNS server in the RA (RDNSS) or DHCPv6, so dnsmasq answers DNS,
 *   bound to the LAN interface's own addresses (and loopback's 127.0.0.1/::1, which dnsmasq adds by
 *   itself), never the wildcard: resolved's 127.0.0.53 and 127.0.0.54 stay free.
 */
export type DnsmasqDns = 'off' | 'lan';

/** Whether the profile needs dnsmasq to answer DNS on the LAN (see DnsmasqDns). */
export function dnsmasqDns(profile: Profile, derived: Derived): DnsmasqDns {
  const named = [...derived.dhcpDns, ...profile.ra.rdnss.map((a) => parseV6(a) ?? a)];
  return named.includes(derived.lanRouter) ? 'lan' : 'off';
}

function dnsLines(mode: DnsmasqDns, lanInterface: string, lanRouter: string): string {
  switch (mode) {
    case 'off':
      return lines(
        `# No LAN host is sent to this router (${lanRouter}) for DNS, so dnsmasq's DNS is off: it serves`,
        "# DHCPv6 only and never competes for port 53 (systemd-resolved's stub listens on 127.0.0.53).",
        'port=0',
      );
    case 'lan':
      return lines(
        `# The router (${lanRouter}) is a DNS server for the LAN, so dnsmasq answers DNS, but only on the`,
        `# addresses of ${lanInterface} (and loopback's own): bound to each address, never the wildcard, so`,
        "# it runs beside systemd-resolved's stub on 127.0.0.53/127.0.0.54.",
        'bind-interfaces',
        `interface=${lanInterface}`,
      );
    default:
      return assertNever(mode);
  }
}

function hostLine(r: DhcpReservation): string {
  // dnsmasq matches dhcp-host on the client DUID only; an IAID cannot be part of the key.
  return lines(
    r.iaid !== undefined && `# IAID ${r.iaid} is not matched: dnsmasq reserves by DUID only.`,
    `dhcp-host=id:${r.duid},[${r.address}],${r.name}`,
  );
}

/** `/etc/dnsmasq.d/v6wizard-dhcpv6.conf`: only the DHCPv6 lines, beside any DNS/IPv4 setup. */
export function renderDnsmasq(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const dhcp = profile.dhcpv6;
  const stateful = dhcp.mode === 'stateful';
  const lanInterface = profile.router.lanInterface;
  const content = fill(tmpl, {
    header: header(ctx),
    modeText: stateful ? 'stateful: addresses and DNS' : 'stateless: DNS only',
    lanCidr: derived.lanCidr,
    lanInterface,
    lanRouter: derived.lanRouter,
    dns: dnsLines(dnsmasqDns(profile, derived), lanInterface, derived.lanRouter),
    range: rangeLine(dhcp, derived),
    // dnsmasq tags every request with the name of the interface it arrived on.
    options: optionLines(lanInterface, derived.dhcpDns, dhcp.domainSearch),
    hosts: stateful ? dhcp.reservations.map(hostLine).join('\n') : '',
  });
  return [
    {
      path: '/etc/dnsmasq.d/v6wizard-dhcpv6.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'dnsmasq',
      content,
      validate: ['dnsmasq', '--test', '--conf-file={file}'],
      stage: 'dhcp',
      description: stateful
        ? `dnsmasq DHCPv6: addresses ${dhcp.poolStart}–${dhcp.poolEnd} and DNS for the LAN.`
        : 'dnsmasq DHCPv6: DNS servers and search list for the LAN (no addresses).',
    },
  ];
}
