import {
  addressIn,
  nthSubnet64,
  parseInterfaceId,
  parseV6,
  parseV6Interface,
  parseV6Prefix,
  type V6Prefix,
} from '../net/addr';
import type { DhcpMode, Profile } from './types';

/**
 * Values computed from a *valid* profile, in one place so every renderer agrees on them.
 * Calling this on a profile that failed validation throws: renderers never see bad input.
 */
export interface Derived {
  /** The tunnel link /64 (client and server live here). */
  tunnelLink: V6Prefix;
  /** Router's tunnel address in canonical form, and its prefix length. */
  tunnelClient: string;
  tunnelClientLength: number;
  tunnelServer: string;
  routed: V6Prefix;
  /** The LAN /64 carved out of the routed prefix. */
  lan: V6Prefix;
  /** `NETWORK/64` of the LAN, ready to print. */
  lanCidr: string;
  /** The router's own address on the LAN (canonical, no length). */
  lanRouter: string;
  /** RA flags, derived from the DHCPv6 mode and never set on their own. */
  managedFlag: boolean;
  otherConfigFlag: boolean;
  /** DNS servers the LAN is told about over DHCPv6 (falls back to the RA's RDNSS list). */
  dhcpDns: string[];
  /** Every address the DAD wait must see settle: the tunnel client and the LAN router address. */
  dadAddresses: { iface: string; address: string; length: number }[];
}

/** M and O flags for a DHCPv6 mode: stateful → M (and O); stateless → O only; none → neither. */
export function raFlagsFor(mode: DhcpMode): { managed: boolean; other: boolean } {
  switch (mode) {
    case 'stateful':
      return { managed: true, other: true };
    case 'stateless':
      return { managed: false, other: true };
    case 'none':
      return { managed: false, other: false };
  }
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`derive() on an invalid profile: ${what}`);
  return value;
}

export function derive(profile: Profile): Derived {
  const client = must(parseV6Interface(profile.tunnel.clientIpv6), 'tunnel.clientIpv6');
  const tunnelLink = must(parseV6Prefix(`${client.address}/${client.length}`), 'tunnel link');
  const routed = must(parseV6Prefix(profile.tunnel.routedPrefix), 'tunnel.routedPrefix');
  const lan = must(nthSubnet64(routed, profile.lan.subnetId), 'lan.subnetId');
  const lanRouter = addressIn(
    lan,
    must(parseInterfaceId(profile.lan.routerInterfaceId), 'lan.routerInterfaceId'),
  );
  const flags = raFlagsFor(profile.dhcpv6.mode);
  const canonicalList = (list: string[]): string[] => list.map((a) => must(parseV6(a), a));
  const dhcpDns = canonicalList(
    profile.dhcpv6.dnsServers.length > 0 ? profile.dhcpv6.dnsServers : profile.ra.rdnss,
  );
  return {
    tunnelLink: { ...tunnelLink, hadHostBits: false },
    tunnelClient: client.address,
    tunnelClientLength: client.length,
    tunnelServer: must(parseV6(profile.tunnel.serverIpv6), 'tunnel.serverIpv6'),
    routed,
    lan,
    lanCidr: `${lan.network}/64`,
    lanRouter,
    managedFlag: flags.managed,
    otherConfigFlag: flags.other,
    dhcpDns,
    dadAddresses: [
      { iface: profile.tunnel.interface, address: client.address, length: client.length },
      { iface: profile.router.lanInterface, address: lanRouter, length: 64 },
    ],
  };
}
