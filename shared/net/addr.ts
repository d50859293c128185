import { Address4, Address6 } from 'ip-address';
import IPCIDR from 'ip-cidr';

/**
 * Address arithmetic for the profile, built on ip-address / ip-cidr (never hand-written parsing).
 * Every function here is total: bad input gives `undefined`, never an exception, because the
 * validator feeds it whatever a person (or an attacker) typed.
 */

export interface V6Prefix {
  /** The network address in canonical (RFC 5952) form, host bits cleared. */
  network: string;
  length: number;
  /** The network address as a 128-bit integer, for subnetting a /48 without losing bits. */
  networkBig: bigint;
  /** True when the text had host bits set (`2001:db8::1/64`), which is an error for a routed prefix. */
  hadHostBits: boolean;
}

export interface V6Interface {
  /** The address in canonical form, without the prefix length. */
  address: string;
  length: number;
}

const V6_TEXT = /^[0-9a-fA-F:.]{2,45}$/;
const V4_TEXT = /^[0-9.]{7,15}$/;
const LENGTH_TEXT = /^(0|[1-9][0-9]{0,2})$/;

function address6(text: string): Address6 | undefined {
  // The allowlist rules out zones (`%eth0`), whitespace and anything a shell or a config file would
  // read as syntax before ip-address sees the text.
  if (!V6_TEXT.test(text)) return undefined;
  try {
    return new Address6(text);
  } catch {
    return undefined;
  }
}

/** A plain IPv6 address (no prefix length, no zone) in canonical form, or undefined. */
export function parseV6(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  return address6(text)?.correctForm();
}

/** A plain IPv4 address in dotted-quad form (no leading zeros, no prefix length), or undefined. */
export function parseV4(text: unknown): string | undefined {
  if (typeof text !== 'string' || !V4_TEXT.test(text)) return undefined;
  try {
    return new Address4(text).correctForm();
  } catch {
    return undefined;
  }
}

function splitLength(text: string, max: number): [string, number] | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const lengthText = text.slice(slash + 1);
  if (!LENGTH_TEXT.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > max) return undefined;
  return [text.slice(0, slash), length];
}

/** `ADDRESS/LEN` for an address on an interface (host bits expected), or undefined. */
export function parseV6Interface(text: unknown): V6Interface | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = splitLength(text, 128);
  if (!parts) return undefined;
  const address = parseV6(parts[0]);
  return address === undefined ? undefined : { address, length: parts[1] };
}

/** `NETWORK/LEN` for a prefix, or undefined. Host bits are reported, not silently cleared. */
export function parseV6Prefix(text: unknown): V6Prefix | undefined {
  if (typeof text !== 'string' || !IPCIDR.isValidCIDR(text)) return undefined;
  const parts = splitLength(text, 128);
  if (!parts) return undefined;
  const address = address6(parts[0]);
  if (!address) return undefined;
  const length = parts[1];
  const big = address.bigInt();
  const networkBig = big & maskBig(length);
  return { network: v6FromBig(networkBig), length, networkBig, hadHostBits: networkBig !== big };
}

/** A plain IPv6 address or a prefix; for firewall sources. Returns `ADDRESS/LEN` in canonical form. */
export function parseV6Source(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (!text.includes('/')) {
    const address = parseV6(text);
    return address === undefined ? undefined : `${address}/128`;
  }
  const prefix = parseV6Prefix(text);
  return prefix === undefined ? undefined : `${prefix.network}/${prefix.length}`;
}

const ALL_ONES = (1n << 128n) - 1n;

export function maskBig(length: number): bigint {
  return length === 0 ? 0n : (ALL_ONES << BigInt(128 - length)) & ALL_ONES;
}

export function v6ToBig(address: string): bigint {
  const parsed = address6(address);
  if (!parsed) throw new Error(`not an IPv6 address: ${address}`);
  return parsed.bigInt();
}

export function v6FromBig(value: bigint): string {
  return Address6.fromBigInt(value).correctForm();
}

/** Whether `address` (a plain address) lies inside `prefix` (`NETWORK/LEN`). */
export function prefixContains(prefix: V6Prefix, address: string): boolean {
  const parsed = address6(address);
  if (!parsed) return false;
  return new IPCIDR(`${prefix.network}/${prefix.length}`).contains(parsed.correctForm());
}

/** Whether two prefixes share any address (one contains the other's network). */
export function prefixesOverlap(a: V6Prefix, b: V6Prefix): boolean {
  const shorter = Math.min(a.length, b.length);
  const mask = maskBig(shorter);
  return (a.networkBig & mask) === (b.networkBig & mask);
}

/** How many /64s a routed prefix holds (1 for a /64, 256 for a /56, 65536 for a /48). */
export function subnetCount(routed: V6Prefix): bigint {
  return routed.length >= 64 ? 1n : 1n << BigInt(64 - routed.length);
}

/** The `subnetId`-th /64 of the routed prefix, or undefined when the id does not fit. */
export function nthSubnet64(routed: V6Prefix, subnetId: number): V6Prefix | undefined {
  if (!Number.isSafeInteger(subnetId) || subnetId < 0 || routed.length > 64) return undefined;
  const id = BigInt(subnetId);
  if (id >= subnetCount(routed)) return undefined;
  const networkBig = routed.networkBig | (id << 64n);
  return { network: v6FromBig(networkBig), length: 64, networkBig, hadHostBits: false };
}

/**
 * An interface identifier written as an address suffix (`::1`, `::a:b:c:d`): it must only set the
 * low 64 bits. Returns its value, or undefined.
 */
export function parseInterfaceId(text: unknown): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = address6(text);
  if (!parsed) return undefined;
  const value = parsed.bigInt();
  return value >> 64n === 0n ? value : undefined;
}

/** The address made of a /64 and an interface identifier. */
export function addressIn(subnet: V6Prefix, interfaceId: bigint): string {
  return v6FromBig(subnet.networkBig | interfaceId);
}

export interface V6Kind {
  linkLocal: boolean;
  multicast: boolean;
  loopback: boolean;
  unspecified: boolean;
  ula: boolean;
  v4Mapped: boolean;
}

/** What kind of address this is, for the rules that care (RDNSS reachability, firewall sources). */
export function v6Kind(address: string): V6Kind | undefined {
  const parsed = address6(address);
  if (!parsed) return undefined;
  return {
    // fe80::/10 only: getScope() also says "Link local" for ::1 and ff02::/16, which are not link-local unicast.
    linkLocal: parsed.isLinkLocal() && !parsed.is4(),
    multicast: parsed.isMulticast(),
    loopback: parsed.isLoopback(),
    unspecified: parsed.isUnspecified(),
    ula: parsed.isULA(),
    // By value (::ffff:0:0/96): is4() only looks at the text, and canonical forms never show the dotted quad.
    v4Mapped: parsed.bigInt() >> 32n === 0xffffn,
  };
}

/** Global unicast space (2000::/3): addresses a host on the internet can have. */
const GLOBAL_UNICAST = { networkBig: 1n << 125n, length: 3 };

/**
 * An address a host on the internet could have (global unicast, 2000::/3), canonical, or undefined:
 * not link-local, not a ULA, not multicast, and no name (nothing to resolve on the router).
 */
export function parseGlobalV6(text: unknown): string | undefined {
  const address = parseV6(text);
  if (address === undefined) return undefined;
  return (v6ToBig(address) & maskBig(GLOBAL_UNICAST.length)) === GLOBAL_UNICAST.networkBig
    ? address
    : undefined;
}

/** The rule for an outside address to ping after an apply, shared by the CLI and the app's request check. */
export const OUTSIDE_PING_RULE =
  'must be a global IPv6 address (2000::/3, no name), e.g. 2001:4860:4860::8888';

/** Whether an IPv4 address is private / shared (RFC 1918, RFC 6598): the router sits behind a NAT. */
export function isPrivateV4(address: string): boolean {
  try {
    const parsed = new Address4(address);
    return parsed.isPrivate() || parsed.isCGNAT();
  } catch {
    return false;
  }
}
