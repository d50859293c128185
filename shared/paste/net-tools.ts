import { ClaimBuilder, type Claim } from './claim';
import type { PasteLine } from './lines';

/**
 * Hurricane Electric's "Linux-net-tools" example:
 *
 *     ifconfig sit0 up
 *     ifconfig sit0 inet6 tunnel ::SERVER_V4
 *     ifconfig sit1 up
 *     ifconfig sit1 inet6 add CLIENT_V6/64
 *     route -A inet6 add ::/0 dev sit1
 *
 * `sit0` is the kernel's catch-all sit device: `tunnel ::SERVER_V4` on it creates `sit1`, the tunnel
 * itself, so only the other device names count as the tunnel's interface. This form never states the
 * local IPv4 (the kernel picks the source), so none is filled.
 */

const FALLBACK_DEVICE = 'sit0';

/** `::192.0.2.1`, the IPv4-compatible form net-tools takes for the tunnel endpoint. */
function endpointV4(text: string | undefined): string | undefined {
  return text?.startsWith('::') === true ? text.slice(2) : undefined;
}

function ifconfig(claim: ClaimBuilder, words: string[]): boolean {
  const [device, ...rest] = words;
  if (device === undefined) return false;
  const isFallback = device === FALLBACK_DEVICE;
  if (!isFallback) claim.iface(device);
  const tail = rest[0] === 'inet6' ? rest.slice(1) : rest;
  if (tail.length === 1 && tail[0] === 'up') return true;
  if (tail[0] === 'tunnel' && tail.length === 2) {
    claim.v4('serverIpv4', endpointV4(tail[1]));
    return true;
  }
  if (tail[0] === 'add' && tail.length === 2 && rest[0] === 'inet6') {
    claim.clientV6(tail[1]);
    // An address on sit0 would not be on the tunnel at all.
    if (isFallback) claim.refuse();
    return true;
  }
  if (tail[0] === 'mtu' && tail.length === 2) {
    claim.integer('mtu', tail[1], 1280, 65535);
    return true;
  }
  return false;
}

function route(claim: ClaimBuilder, words: string[]): boolean {
  // route -A inet6 add ::/0 [gw SERVER_V6] dev DEVICE
  if (words[0] !== '-A' || words[1] !== 'inet6' || words[2] !== 'add') return false;
  const [target, ...options] = words.slice(3);
  if (target !== '::/0' && target !== 'default') return false;
  let dev: string | undefined;
  let gw: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    const key = options[i];
    const value = options[i + 1];
    if (key === 'dev') dev = value;
    else if (key === 'gw') gw = value;
    else claim.refuse();
  }
  if (dev === undefined || dev === FALLBACK_DEVICE) claim.refuse();
  else claim.iface(dev);
  if (gw !== undefined) claim.serverV6(gw);
  else if (dev !== undefined) claim.defaultRouteDev = dev;
  return true;
}

/** Claims the lines that are net-tools commands (`ifconfig`, `route -A inet6`) for a sit tunnel. */
export function parseNetTools(lines: PasteLine[]): Claim[] {
  const claims: Claim[] = [];
  for (const line of lines) {
    const [command, ...words] = line.command.split(/\s+/);
    const claim = new ClaimBuilder(line.index, 'he-net-tools');
    const understood =
      command === 'ifconfig' ? ifconfig(claim, words) : command === 'route' ? route(claim, words) : false;
    if (understood) claims.push(claim.build());
  }
  return claims;
}
