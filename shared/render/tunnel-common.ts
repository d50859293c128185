import type { Derived } from '../profile/derive';
import type { TunnelSection } from '../profile/types';
import { parseV4 } from '../net/addr';

/**
 * Values every tunnel renderer prints the same way. Addresses always carry their prefix length:
 * an address added once as /64 and again as /128 fails with "Invalid argument", so no renderer is
 * allowed to leave the length to a default.
 */

/** The router's tunnel address with its length, e.g. `2001:db8:0:1::2/64`. */
export function tunnelAddress(derived: Derived): string {
  return `${derived.tunnelClient}/${derived.tunnelClientLength}`;
}

/** The router's LAN address with its length, e.g. `2001:db8:1::1/64`. */
export function lanAddress(derived: Derived): string {
  return `${derived.lanRouter}/64`;
}

/**
 * The routed prefix as an unreachable route (RFC 7084 WPD-5; OpenWrt's netifd adds the same), when it
 * is larger than the LAN's /64: without it a packet to an unused subnet follows the default route
 * back into the tunnel, the broker routes it back to this router, and it bounces until its hop limit
 * runs out (an ICMPv6 error to an unused subnet was forwarded 127 times). With it, LAN hosts asking for
 * an unused subnet hear "unreachable" at once. A routed /64 is the LAN itself: nothing to add.
 */
export function unreachableRoute(derived: Derived): string | undefined {
  return derived.routed.length < 64 ? `${derived.routed.network}/${derived.routed.length}` : undefined;
}

/** The owner of every file the network stage writes. */
export const ROOT_OWNER = 'root:root';

/**
 * The tunnel's IPv4 endpoints in dotted-quad form. Validation has proved them already; parsing again
 * here means no renderer ever prints the raw text a person typed, and a profile that skipped
 * validation fails loudly instead of reaching a config file.
 */
export function tunnelIpv4(tunnel: TunnelSection): { server: string; local: string } {
  const server = parseV4(tunnel.serverIpv4);
  const local = parseV4(tunnel.localIpv4);
  if (server === undefined || local === undefined)
    throw new Error('tunnel IPv4 endpoints are not valid: validate the profile first');
  return { server, local };
}
