import { derive } from '../../../shared/profile/derive';
import type { Profile } from '../../../shared/profile/types';
import { LAB } from './lab-address';
import { personality, type PersonalityName } from './personalities';

export { LAB } from './lab-address';

/** The env file v6lab-net reads: KEY=value lines (it parses them; it never sources the file). */
export function labEnv(profile: Profile, extra: Readonly<Record<string, string>> = {}): string {
  const lines: Record<string, string | number> = {
    LAB_ISP_V4: LAB.ispV4,
    LAB_ROUTER_V4: LAB.routerV4,
    LAB_V4_LEN: LAB.v4Length,
    LAB_TUNNEL_SERVER_V6: `${profile.tunnel.serverIpv6}/${derive(profile).tunnelClientLength}`,
    LAB_ROUTED_PREFIX: profile.tunnel.routedPrefix,
    LAB_INTERNET_V6: LAB.internetV6,
    LAB_TUNNEL_MTU: profile.tunnel.mtu,
    // A personality's own settings (the nat one's private WAN) win over the plain lab's.
    ...extra,
  };
  return Object.entries(lines)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
}

/**
 * An example profile moved into the lab: the lab's interface names and IPv4 addresses, everything else
 * as the example has it, then as a person on a router with these personalities would fill it in. For DAD strategy `wait`, nginx joins the services that wait, because the
 * reboot check proves the wait with nginx bound to the router's LAN address.
 */
export function labProfile(example: Profile, personalities: readonly PersonalityName[] = []): Profile {
  const profile = structuredClone(example);
  profile.router.wanInterface = LAB.wanInterface;
  profile.router.lanInterface = LAB.lanInterface;
  profile.tunnel.serverIpv4 = LAB.ispV4;
  profile.tunnel.localIpv4 = LAB.routerV4;
  if (profile.dad.strategy === 'wait' && !profile.dad.services.includes('nginx'))
    profile.dad.services.push('nginx');
  for (const name of personalities) personality(name).adjust?.(profile);
  return profile;
}
