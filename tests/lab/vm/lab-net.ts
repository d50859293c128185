import { derive } from '../../../shared/profile/derive';
import type { Profile } from '../../../shared/profile/types';

/**
 * The lab's fixed addressing inside the VM. The WAN link wan0 (router) <-> isp0 (broker) carries IPv4
 * only, from TEST-NET-3 (RFC 5737), so no example's own addresses are needed; the LAN's IPv4 is the
 * "existing" home network the person already has.
 */
export const LAB = {
  wanInterface: 'wan0',
  lanInterface: 'lan0',
  /** The LAN PC's interface, in namespace `pc`. */
  pcInterface: 'pc0',
  /** The tunnel broker's IPv4 endpoint (profile tunnel.serverIpv4), on isp0 in namespace `isp`. */
  ispV4: '203.0.113.1',
  /** The router's WAN IPv4 (profile tunnel.localIpv4), on wan0. */
  routerV4: '203.0.113.2',
  v4Length: 24,
  /** The router's IPv4 on the LAN: part of the person's existing setup, not used by the checks. */
  routerLanV4: '192.168.60.1/24',
  /** "The internet": an address only the isp namespace has, reachable only through the sit tunnel. */
  internetV6: '2001:db8:eeee::1',
  /** The TCP port the internet address listens on (v6lab-internet.service). */
  tcpPort: 8080,
  /** Where the self-test writes the lab parameters that v6lab-net reads at every boot. */
  envFile: '/etc/v6lab/lab.env',
} as const;

/** The env file v6lab-net reads: KEY=value lines (it parses them; it never sources the file). */
export function labEnv(profile: Profile): string {
  const lines: Record<string, string | number> = {
    LAB_ISP_V4: LAB.ispV4,
    LAB_ROUTER_V4: LAB.routerV4,
    LAB_V4_LEN: LAB.v4Length,
    LAB_TUNNEL_SERVER_V6: `${profile.tunnel.serverIpv6}/${derive(profile).tunnelClientLength}`,
    LAB_ROUTED_PREFIX: profile.tunnel.routedPrefix,
    LAB_INTERNET_V6: LAB.internetV6,
    LAB_TUNNEL_MTU: profile.tunnel.mtu,
  };
  return Object.entries(lines)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
}

/**
 * An example profile moved into the lab: the lab's interface names and IPv4 addresses, everything else
 * as the example has it. For DAD strategy `wait`, nginx joins the services that wait, because the
 * reboot check proves the wait with nginx bound to the router's LAN address.
 */
export function labProfile(example: Profile): Profile {
  const profile = structuredClone(example);
  profile.router.wanInterface = LAB.wanInterface;
  profile.router.lanInterface = LAB.lanInterface;
  profile.tunnel.serverIpv4 = LAB.ispV4;
  profile.tunnel.localIpv4 = LAB.routerV4;
  if (profile.dad.strategy === 'wait' && !profile.dad.services.includes('nginx'))
    profile.dad.services.push('nginx');
  return profile;
}
