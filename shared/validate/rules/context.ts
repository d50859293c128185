import {
  addressIn,
  nthSubnet64,
  parseInterfaceId,
  parseV6Interface,
  parseV6Prefix,
  type V6Prefix,
} from '../../net/addr';
import type { Profile } from '../../profile/types';

/** The prefix lengths a broker routes to a home: a /64, a /56 or a /48. */
export const ROUTED_LENGTHS = [48, 56, 64] as const;

/**
 * The networks the rules compare addresses against, computed without throwing (unlike derive(),
 * which only ever sees valid profiles). A field that is itself wrong leaves its entry undefined;
 * its own rule reports it, and the rules that depend on it stay quiet instead of piling on.
 */
export interface Networks {
  tunnelLink: V6Prefix | undefined;
  routed: V6Prefix | undefined;
  lan: V6Prefix | undefined;
  lanRouter: string | undefined;
}

/** The tunnel link prefix from `clientIpv6` (`ADDRESS/LEN`, LEN 1–127), or undefined. */
export function tunnelLinkOf(clientIpv6: string): V6Prefix | undefined {
  const client = parseV6Interface(clientIpv6);
  return client && client.length >= 1 && client.length <= 127
    ? parseV6Prefix(`${client.address}/${client.length}`)
    : undefined;
}

/** The networks of a profile whose shape is right but whose values may still be wrong. Never throws. */
export function networks(profile: Profile): Networks {
  const tunnelLink = tunnelLinkOf(profile.tunnel.clientIpv6);
  const parsedRouted = parseV6Prefix(profile.tunnel.routedPrefix);
  const routed =
    parsedRouted &&
    !parsedRouted.hadHostBits &&
    (ROUTED_LENGTHS as readonly number[]).includes(parsedRouted.length)
      ? parsedRouted
      : undefined;
  const lan = routed ? nthSubnet64(routed, profile.lan.subnetId) : undefined;
  const id = parseInterfaceId(profile.lan.routerInterfaceId);
  const lanRouter = lan && id !== undefined && id !== 0n ? addressIn(lan, id) : undefined;
  return { tunnelLink, routed, lan, lanRouter };
}

/** `NETWORK/LEN` of a prefix, for messages. */
export const cidr = (p: V6Prefix): string => `${p.network}/${p.length}`;
