import { parseV6, parseV6Interface } from '../../net/addr';
import type { Profile } from '../../profile/types';
import { error, type Problem } from '../problem';
import { networks } from './context';
import type { Rule } from './index';

/**
 * Who answers DNS on the router itself: dnsmasq when it is the DHCPv6 server (v6wizard then switches
 * its DNS on, bound to the LAN), the person's own resolver when they opened port 53 under router
 * services, else nobody.
 */
export function routerResolver(profile: Profile): 'dnsmasq' | 'own' | undefined {
  if (profile.dhcpv6.mode !== 'none' && profile.dhcpv6.server === 'dnsmasq') return 'dnsmasq';
  if (profile.firewall.routerServices.some((s) => s.port === 53)) return 'own';
  return undefined;
}

/**
 * A DNS server the LAN is told about (RDNSS in the RA, or DHCPv6's list) that is the router itself
 * must have a resolver behind it; otherwise every LAN host asks a port nothing answers on, and waits.
 */
export const routerDnsRule: Rule = (profile) => {
  if (routerResolver(profile) !== undefined) return [];
  const { lanRouter } = networks(profile);
  const own = new Set(
    [lanRouter, parseV6Interface(profile.tunnel.clientIpv6)?.address].filter(
      (a): a is string => a !== undefined,
    ),
  );
  const named = [
    ...profile.ra.rdnss.map((a, i) => ({ path: `ra.rdnss[${i}]`, address: parseV6(a) })),
    ...(profile.dhcpv6.mode === 'none'
      ? []
      : profile.dhcpv6.dnsServers.map((a, i) => ({ path: `dhcpv6.dnsServers[${i}]`, address: parseV6(a) }))),
  ];
  return named
    .filter((n): n is { path: string; address: string } => n.address !== undefined && own.has(n.address))
    .map((n): Problem =>
      error(
        n.path,
        `is ${n.address}, this router itself, but no DNS server runs on it: v6wizard runs one only with dnsmasq as the DHCPv6 server. Choose dnsmasq, name another DNS server (for a Hurricane Electric tunnel, 2001:470:20::2), or, if you run your own resolver on the router, add DNS (port 53) under the firewall's router services`,
      ),
    );
};
