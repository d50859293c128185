import { ClaimBuilder, type Claim } from './claim';
import type { PasteLine } from './lines';

/**
 * Hurricane Electric's "Linux-route2" example, and the same commands as people write them by hand:
 *
 *     ip tunnel add NAME mode sit remote SERVER_V4 local CLIENT_V4 ttl 255
 *     ip link set NAME up            (optionally `mtu 1480`)
 *     ip addr add CLIENT_V6/64 dev NAME
 *     ip route add ::/0 dev NAME     (or `ip -6 route add default dev NAME`, optionally `via SERVER_V6`)
 *     ip -f inet6 addr               (just shows the result)
 */

/** Options `ip` takes before its object that select IPv6: `-6`, `-f inet6`, `-family inet6`. */
function readFamily(words: string[]): { rest: string[]; inet6: boolean } | undefined {
  let i = 0;
  let inet6 = false;
  while (i < words.length && words[i]?.startsWith('-') === true) {
    const option = words[i];
    if (option === '-6') {
      inet6 = true;
      i += 1;
    } else if ((option === '-f' || option === '-family') && words[i + 1] === 'inet6') {
      inet6 = true;
      i += 2;
    } else {
      return undefined;
    }
  }
  return { rest: words.slice(i), inet6 };
}

/** `key value` pairs after the name; undefined when a key has no value. */
function pairs(words: string[]): Map<string, string> | undefined {
  const map = new Map<string, string>();
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i];
    const value = words[i + 1];
    if (key === undefined || value === undefined || map.has(key)) return undefined;
    map.set(key, value);
  }
  return map;
}

const OBJECT_ADDR = new Set(['addr', 'address', 'a']);
const OBJECT_ROUTE = new Set(['route', 'r', 'ro']);

function tunnelAdd(claim: ClaimBuilder, words: string[]): void {
  // `ip tunnel add [name] NAME key value...`
  const named = words[0] === 'name' ? words.slice(1) : words;
  claim.iface(named[0]);
  const options = pairs(named.slice(1));
  if (!options) {
    claim.refuse();
    return;
  }
  for (const [key, value] of options) {
    if (key === 'mode') {
      if (value !== 'sit') claim.refuse();
    } else if (key === 'remote') claim.v4('serverIpv4', value);
    else if (key === 'local') {
      // `local any` leaves the source to routing: no local address was stated, so none is filled.
      if (value !== 'any') claim.v4('localIpv4', value);
    } else if (key === 'ttl') claim.integer('ttl', value, 1, 255);
    else if (key !== 'dev') claim.refuse();
  }
}

function linkSet(claim: ClaimBuilder, words: string[]): void {
  const rest = words[0] === 'dev' ? words.slice(1) : words;
  claim.iface(rest[0]);
  for (let i = 1; i < rest.length; i += 1) {
    const word = rest[i];
    if (word === 'up') continue;
    if (word === 'mtu') {
      claim.integer('mtu', rest[i + 1], 1280, 65535);
      i += 1;
    } else claim.refuse();
  }
}

function addrAdd(claim: ClaimBuilder, words: string[]): void {
  const options = pairs(words.slice(1));
  const dev = options?.get('dev');
  if (!options || dev === undefined || options.size !== 1) {
    claim.refuse();
    return;
  }
  claim.clientV6(words[0]);
  claim.iface(dev);
}

function routeAdd(claim: ClaimBuilder, words: string[], inet6: boolean): void {
  const target = words[0];
  // `default` without -6 is the IPv4 default route: pasted that way it would move IPv4 into the tunnel.
  const isDefault = target === '::/0' || (target === 'default' && inet6);
  const options = pairs(words.slice(1));
  const dev = options?.get('dev');
  if (!isDefault || !options || dev === undefined) {
    claim.refuse();
    return;
  }
  for (const key of options.keys()) if (key !== 'dev' && key !== 'via' && key !== 'metric') claim.refuse();
  claim.iface(dev);
  const via = options.get('via');
  if (via !== undefined) claim.serverV6(via);
  else claim.defaultRouteDev = dev;
}

/** Whether `words` (after `ip` and its family options) only show state: `addr`, `-6 route show`, … */
function isShow(words: string[]): boolean {
  const object = words[0];
  if (object === undefined || !(OBJECT_ADDR.has(object) || OBJECT_ROUTE.has(object) || object === 'link'))
    return false;
  const verb = words[1];
  return verb === undefined || verb === 'show' || verb === 'list' || (verb === 'dev' && words.length === 3);
}

function claimLine(line: PasteLine): Claim | undefined {
  const words = line.command.split(/\s+/);
  if (words[0] === 'modprobe' && words.length === 2 && (words[1] === 'ipv6' || words[1] === 'sit')) {
    return new ClaimBuilder(line.index, 'he-iproute2').build();
  }
  if (words[0] !== 'ip') return undefined;
  const family = readFamily(words.slice(1));
  if (!family) return undefined;
  const [object, verb] = family.rest;
  const args = family.rest.slice(2);
  const claim = new ClaimBuilder(line.index, 'he-iproute2');
  if (object === 'tunnel' && verb === 'add') tunnelAdd(claim, args);
  else if (object === 'link' && verb === 'set') linkSet(claim, args);
  else if (object !== undefined && OBJECT_ADDR.has(object) && verb === 'add') addrAdd(claim, args);
  else if (object !== undefined && OBJECT_ROUTE.has(object) && verb === 'add')
    routeAdd(claim, args, family.inet6);
  else if (!isShow(family.rest)) return undefined;
  return claim.build();
}

/** Claims the lines that are iproute2 commands for a sit tunnel. */
export function parseIproute2(lines: PasteLine[]): Claim[] {
  const claims: Claim[] = [];
  for (const line of lines) {
    const claim = claimLine(line);
    if (claim) claims.push(claim);
  }
  return claims;
}
