import { parseV4, parseV6, parseV6Interface, v6Kind } from '../../net/addr';
import { error, type Problem } from '../problem';
import { show } from './show';

/** A checked address: its canonical form when it passed, and what was wrong otherwise. */
export interface CheckedAddress {
  address: string | undefined;
  problems: Problem[];
}

/** Why `value` is not a plain IPv6 address, in words that point at the likely slip. */
export function notV6Reason(value: string, example: string): string {
  if (parseV6Interface(value) !== undefined)
    return `is ${show(value)}, which has a prefix length; give the plain address, e.g. ${example}`;
  if (parseV4(value) !== undefined)
    return `is ${show(value)}, an IPv4 address; an IPv6 address is needed here, e.g. ${example}`;
  return `is ${show(value)}, which is not an IPv6 address; write it like ${example}`;
}

/**
 * A plain unicast IPv6 address a host can send to: not multicast, not `::`, not `::1` (it would point
 * every client at itself) and not IPv4-mapped (an IPv6-only socket cannot reach it). Link-local is
 * allowed here; callers that need a global address say so themselves.
 */
export function checkUnicast(path: string, value: string, example = '2001:db8::53'): CheckedAddress {
  const address = parseV6(value);
  const kind = address === undefined ? undefined : v6Kind(address);
  if (address === undefined || kind === undefined)
    return { address: undefined, problems: [error(path, notV6Reason(value, example))] };
  const bad = (why: string): CheckedAddress => ({
    address: undefined,
    problems: [error(path, `is ${address}, ${why}; give a unicast address, e.g. ${example}`)],
  });
  if (kind.unspecified) return bad('the unspecified address');
  if (kind.loopback) return bad('the loopback address, which would point every host at itself');
  if (kind.multicast) return bad('a multicast address');
  if (kind.v4Mapped) return bad('an IPv4-mapped address');
  return { address, problems: [] };
}
