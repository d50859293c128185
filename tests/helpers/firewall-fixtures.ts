import { defaultProfile } from '../../shared/profile/defaults';
import type { Profile } from '../../shared/profile/types';

/**
 * Profiles the firewall tests share (golden cases and the namespace test). Not a test file itself so
 * both can import it; kept with the test helpers because no product code uses it.
 */
export function firewallProfile(change: (p: Profile) => void = () => undefined): Profile {
  const profile = defaultProfile();
  change(profile);
  return profile;
}

/** A description with blanks, both quote kinds, a backslash and a `#`: everything the quoting must survive. */
export const AWKWARD_DESCRIPTION = `Nextcloud "home" it's a back\\slash # not a comment`;

/** The ip6tables cases; each also has a `-nftables` twin, so the golden files show both side by side. */
const IPTABLES_CASES: Record<string, Profile> = {
  'firewall-default': firewallProfile((p) => {
    p.router.firewallBackend = 'iptables-nft';
  }),
  'firewall-legacy-quiet': firewallProfile((p) => {
    p.router.firewallBackend = 'iptables-legacy';
    p.firewall.allowEchoFromInternet = false;
    p.firewall.logDrops = false;
  }),
  'firewall-openings': firewallProfile((p) => {
    p.router.firewallBackend = 'iptables-nft';
    p.router.management = {
      sshPort: 2222,
      fromLan: false,
      allowFrom: ['2001:DB8:FFFF::/48', '2001:db8:aaaa::0:7'],
    };
    p.tunnel.interface = 'tun-he';
    p.router.lanInterface = 'br0';
    p.firewall.logRatePerMinute = 3;
    p.firewall.routerServices = [
      { name: 'samba', protocol: 'tcp', port: 445 },
      { name: 'mdns "bonjour"', protocol: 'udp', port: 5353 },
    ];
    p.firewall.openings = [
      { host: '2001:db8:1:0::80', protocol: 'tcp', port: 443, description: AWKWARD_DESCRIPTION },
      { host: '2001:db8:1::0:51', protocol: 'udp', port: 51820, description: 'WireGuard' },
    ];
  }),
};

/** The same profile with the nftables backend. */
export const asNftables = (profile: Profile): Profile => ({
  ...profile,
  router: { ...profile.router, firewallBackend: 'nftables' },
});

export const FIREWALL_CASES: Record<string, Profile> = Object.fromEntries(
  Object.entries(IPTABLES_CASES).flatMap(([name, profile]) => [
    [name, profile],
    [`${name}-nftables`, asNftables(profile)],
  ]),
);
