import type { IfAddress, NetInterface, Route } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `ip -j` prints one JSON array; anything else (an old iproute2 without -j) is refused with undefined. */
function jsonArray(text: string): Json[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === '' ? '[]' : text);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) ? parsed.filter(isObject) : undefined;
}

function address(a: Json): IfAddress | undefined {
  const family = str(a['family']);
  const local = str(a['local']);
  const prefixLength = num(a['prefixlen']);
  if ((family !== 'inet' && family !== 'inet6') || local === undefined || prefixLength === undefined)
    return undefined;
  return {
    family,
    address: local,
    prefixLength,
    scope: str(a['scope']) ?? 'global',
    // iproute2 prints DAD states as boolean keys (`"tentative": true`).
    tentative: a['tentative'] === true,
    dadfailed: a['dadfailed'] === true,
    dynamic: a['dynamic'] === true,
  };
}

/** Parse `ip -j addr`. Values are kept as the kernel reports them; interface names are not trusted. */
export function parseIpAddr(text: string): NetInterface[] | undefined {
  const links = jsonArray(text);
  if (links === undefined) return undefined;
  const result: NetInterface[] = [];
  for (const l of links) {
    const name = str(l['ifname']);
    if (name === undefined) continue;
    const flags = Array.isArray(l['flags']) ? l['flags'].filter((f) => typeof f === 'string') : [];
    const infos = Array.isArray(l['addr_info']) ? l['addr_info'].filter(isObject) : [];
    result.push({
      name,
      up: flags.includes('UP'),
      operstate: str(l['operstate']) ?? 'UNKNOWN',
      linkType: str(l['link_type']) ?? 'unknown',
      mac: str(l['address']),
      mtu: num(l['mtu']),
      addresses: infos.map(address).filter((a) => a !== undefined),
    });
  }
  return result;
}

/** Parse `ip -j route` or `ip -j -6 route`. */
export function parseIpRoute(text: string): Route[] | undefined {
  const routes = jsonArray(text);
  if (routes === undefined) return undefined;
  return routes.flatMap((r) => {
    const dst = str(r['dst']);
    if (dst === undefined) return [];
    return [
      {
        dst,
        gateway: str(r['gateway']),
        dev: str(r['dev']),
        protocol: str(r['protocol']),
        metric: num(r['metric']),
      },
    ];
  });
}
