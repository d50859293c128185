import { PROFILE_VERSION, type Profile } from './types';

/**
 * The one place defaults live. A new profile starts from this; the values are the ones a person
 * with a Hurricane Electric tunnel and a Debian router would pick after reading the field guide.
 * Addresses are from the documentation ranges (RFC 3849, RFC 5737) so nothing here is anyone's.
 */
export function defaultProfile(): Profile {
  return {
    version: PROFILE_VERSION,
    name: 'home-router',
    description: 'A Debian router with a Hurricane Electric 6in4 tunnel, SLAAC and DNS in the RA.',
    router: {
      distro: 'debian',
      networkSystem: 'ifupdown',
      firewallBackend: 'nftables',
      wanInterface: 'eth0',
      lanInterface: 'eth1',
      management: { sshPort: 22, fromLan: true, allowFrom: [] },
    },
    tunnel: {
      broker: 'hurricane-electric',
      serverIpv4: '192.0.2.1',
      localIpv4: '198.51.100.20',
      clientIpv6: '2001:db8:0:1::2/64',
      serverIpv6: '2001:db8:0:1::1',
      routedPrefix: '2001:db8:1::/48',
      interface: 'he-ipv6',
      mtu: 1480,
      ttl: 255,
    },
    lan: { subnetId: 0, routerInterfaceId: '::1' },
    ra: {
      minIntervalSeconds: 30,
      maxIntervalSeconds: 120,
      defaultLifetimeSeconds: 1800,
      linkMtu: 1480,
      validLifetimeSeconds: 86400,
      preferredLifetimeSeconds: 14400,
      rdnss: ['2001:470:20::2'],
      dnssl: [],
    },
    dhcpv6: {
      mode: 'none',
      server: 'kea',
      poolStart: '2001:db8:1::1000',
      poolEnd: '2001:db8:1::1fff',
      leaseTimes: { preferredSeconds: 3000, minSeconds: 3600, defaultSeconds: 4000, maxSeconds: 7200 },
      dnsServers: [],
      domainSearch: [],
      reservations: [],
    },
    firewall: {
      allowEchoFromInternet: true,
      routerServices: [],
      openings: [],
      logDrops: true,
      logRatePerMinute: 10,
    },
    dad: { strategy: 'wait', timeoutSeconds: 0, services: [] },
  };
}

/** Broker presets fill what is the same for every tunnel of that broker. */
export const BROKER_DEFAULTS = {
  'hurricane-electric': { mtu: 1480, ttl: 255, rdnss: ['2001:470:20::2'] },
  custom: { mtu: 1480, ttl: 255, rdnss: [] as string[] },
} as const;
