import type { Derived } from '../profile/derive';
import type { Profile, Protocol } from '../profile/types';
import { dnsmasqDns } from './dhcp-dnsmasq';

/** A port the firewall opens to the LAN because a daemon v6wizard configures listens on it. */
export interface LanService {
  name: string;
  protocol: Protocol;
  port: number;
}

/**
 * The router's own LAN services, opened only when something listens behind them (an open port with
 * nothing behind it answers nothing, and is one more thing to audit): DHCPv6 (547) whenever a DHCPv6
 * server runs, DNS (53) when dnsmasq answers DNS on the LAN. A resolver the person runs themselves is
 * theirs to open, under the firewall's router services.
 */
export function lanServices(profile: Profile, derived: Derived): LanService[] {
  const { mode, server } = profile.dhcpv6;
  if (mode === 'none') return [];
  const dns: LanService[] =
    server === 'dnsmasq' && dnsmasqDns(profile, derived) === 'lan'
      ? [
          { name: 'dns', protocol: 'udp', port: 53 },
          { name: 'dns', protocol: 'tcp', port: 53 },
        ]
      : [];
  return [...dns, { name: 'dhcpv6', protocol: 'udp', port: 547 }];
}

/** The comment above the LAN service rules: what is open and why, or why nothing is. */
export function lanServicesComment(profile: Profile, services: readonly LanService[]): string {
  const names = new Set(services.map((s) => s.name));
  const dnsOpen = names.has('dns');
  const dhcpOpen = names.has('dhcpv6');
  if (dnsOpen && dhcpOpen)
    return [
      '# Services v6wizard runs for the LAN: DNS (dnsmasq, port 53) and DHCPv6 (port 547). DHCPv6 clients send',
      '# from their link-local fe80:: address, port 546, so the rule must not expect a source in the LAN prefix.',
    ].join('\n');
  if (dhcpOpen)
    return [
      `# Services v6wizard runs for the LAN: DHCPv6 (${profile.dhcpv6.server}, port 547; clients send from their`,
      '# link-local address). No DNS server runs here, so port 53 stays closed.',
    ].join('\n');
  return '# No DHCPv6 or DNS server runs here (DHCPv6 mode "none"), so ports 547 and 53 stay closed.';
}
