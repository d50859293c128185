import { parseV6Interface, parseV6Prefix, v6FromBig, v6ToBig } from '../net/addr';
import { show } from '../validate/rules/show';
import type { Claim, FieldName } from './claim';
import type { PastedTunnel } from './types';

/** Field names in the order the UI lists them. */
export const FIELD_ORDER: readonly FieldName[] = [
  'serverIpv4',
  'localIpv4',
  'clientIpv6',
  'serverIpv6',
  'routedPrefix',
  'interface',
  'mtu',
  'ttl',
  'tunnelId',
  'username',
];

/** Plain words for each field, for conflict messages. */
const FIELD_WORDS: Record<FieldName, string> = {
  serverIpv4: 'server IPv4 address',
  localIpv4: 'local (client) IPv4 address',
  clientIpv6: 'client IPv6 address',
  serverIpv6: 'server IPv6 address',
  routedPrefix: 'routed prefix',
  interface: 'tunnel interface name',
  mtu: 'MTU',
  ttl: 'TTL',
  tunnelId: 'tunnel ID',
  username: 'account name',
};

export interface Merged {
  fields: PastedTunnel;
  recognised: FieldName[];
  conflicts: string[];
}

interface Seen {
  value: string | number;
  line: number;
}

function assign(fields: PastedTunnel, field: FieldName, value: string | number): void {
  if (field === 'mtu' || field === 'ttl') {
    if (typeof value === 'number') fields[field] = value;
  } else if (typeof value === 'string') {
    fields[field] = value;
  }
}

function conflictMessage(field: FieldName, seen: Seen[]): string {
  const distinct: Seen[] = [];
  for (const s of seen) if (!distinct.some((d) => d.value === s.value)) distinct.push(s);
  const listed = distinct.map((d) => `${show(String(d.value))} (line ${d.line + 1})`).join(', ');
  return `The text gives different values for the ${FIELD_WORDS[field]}: ${listed}. It was left empty; fill it in from the broker's tunnel page.`;
}

/**
 * The broker's tunnel address when the text does not state it. Rule: in the iproute2 and net-tools
 * forms the default route is `::/0 dev TUNNEL` with no gateway, because a sit tunnel is point-to-point
 * and the only host at its other end is the broker. Hurricane Electric numbers the tunnel link's /64
 * with the broker at ::1 and the client at ::2, so when (and only when) the client address is exactly
 * `PREFIX::2/64` and the default route goes through that same tunnel, the broker is `PREFIX::1`. Any
 * other client address, or no such route, leaves the server address empty for the person to fill in.
 */
export function impliedServerIpv6(claims: Claim[], fields: PastedTunnel): string | undefined {
  const client = parseV6Interface(fields.clientIpv6);
  if (!client || client.length !== 64 || fields.interface === undefined) return undefined;
  const routed = claims.some(
    (c) =>
      (c.format === 'he-iproute2' || c.format === 'he-net-tools') && c.defaultRouteDev === fields.interface,
  );
  if (!routed) return undefined;
  const link = parseV6Prefix(`${client.address}/64`);
  if (!link || v6ToBig(client.address) !== (link.networkBig | 2n)) return undefined;
  return v6FromBig(link.networkBig | 1n);
}

/**
 * Merges the claims of every line into fields. A field read with two different values anywhere in
 * the text is a contradiction: it is left empty and explained, never decided for the person.
 */
export function mergeClaims(claims: Claim[]): Merged {
  const seen = new Map<FieldName, Seen[]>();
  const fallbacks = new Map<FieldName, Seen[]>();
  for (const claim of claims) {
    for (const { field, value, fallback } of claim.values) {
      const into = fallback === true ? fallbacks : seen;
      const list = into.get(field) ?? [];
      list.push({ value, line: claim.line });
      into.set(field, list);
    }
  }
  for (const [field, list] of fallbacks) if (!seen.has(field)) seen.set(field, list);
  const fields: PastedTunnel = {};
  const conflicts: string[] = [];
  for (const field of FIELD_ORDER) {
    const list = seen.get(field);
    const first = list?.[0];
    if (!list || !first) continue;
    if (list.every((s) => s.value === first.value)) assign(fields, field, first.value);
    else conflicts.push(conflictMessage(field, list));
  }
  if (!seen.has('serverIpv6')) {
    const implied = impliedServerIpv6(claims, fields);
    if (implied !== undefined) fields.serverIpv6 = implied;
  }
  const recognised = FIELD_ORDER.filter((f) => fields[f] !== undefined);
  // Rebuilt in the UI's order, so `fields` and `recognised` list the fields the same way.
  const ordered: PastedTunnel = {};
  for (const f of recognised) {
    const value = fields[f];
    if (value !== undefined) assign(ordered, f, value);
  }
  return { fields: ordered, recognised, conflicts };
}
