import { ClaimBuilder, unquote, type Claim } from './claim';
import type { PasteLine } from './lines';

/**
 * Hurricane Electric's netplan example (and hand-written netplan for a sit tunnel):
 *
 *     network:
 *       version: 2
 *       tunnels:
 *         he-ipv6:
 *           mode: sit
 *           remote: SERVER_V4
 *           local: CLIENT_V4
 *           addresses:
 *             - "CLIENT_V6/64"
 *           routes:                   (or the older `gateway6: SERVER_V6`)
 *             - to: default
 *               via: "SERVER_V6"
 *
 * This is not a YAML parser: it follows indentation far enough to know which tunnel a key belongs to,
 * reads the few keys a sit tunnel has, and leaves every other line to be reported.
 */

interface Entry {
  indent: number;
  key: string;
  index: number;
}

interface Route {
  to?: string;
  via?: string;
  lines: number[];
}

const KEY = /^(-\s+)?([A-Za-z0-9_-]{1,64}):(?:\s+(.*))?$/;
const LIST_ITEM = /^-\s+(.*)$/;
const TOP_KEYS = new Set(['network', 'version', 'renderer', 'tunnels']);
const TUNNEL_KEYS = new Set(['mode', 'remote', 'local', 'addresses', 'routes', 'gateway6', 'mtu', 'ttl']);

/** The tunnel keys with a single value, and how each is read. */
const SCALARS: ReadonlyMap<string, (claim: ClaimBuilder, value: string) => ClaimBuilder> = new Map<
  string,
  (claim: ClaimBuilder, value: string) => ClaimBuilder
>([
  ['mode', (c, v) => (v === 'sit' ? c : c.refuse())],
  ['remote', (c, v) => c.v4('serverIpv4', v)],
  ['local', (c, v) => c.v4('localIpv4', v)],
  ['gateway6', (c, v) => c.serverV6(v)],
  ['mtu', (c, v) => c.integer('mtu', v, 1280, 65535)],
  ['ttl', (c, v) => c.integer('ttl', v, 1, 255)],
]);

/**
 * The entry a tunnel's settings sit under: a child of `tunnels:`, or the outermost key of a snippet
 * that starts at the tunnel's name.
 */
function tunnelOf(stack: Entry[]): Entry | undefined {
  const parent = stack[stack.length - 1];
  if (!parent || TOP_KEYS.has(parent.key)) return undefined;
  const grandparent = stack[stack.length - 2];
  if (grandparent?.key === 'tunnels' || stack.length === 1) return parent;
  return undefined;
}

/** Values of a flow list `[a, "b"]`, or undefined when the text is not one. */
function flowList(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = t.slice(1, -1).trim();
  return inner === '' ? [] : inner.split(',').map(unquote);
}

/** Drops a trailing `# comment` (a `#` after whitespace, as YAML reads it). */
function dropComment(text: string): string {
  const hash = text.search(/(^|\s)#/);
  return hash < 0 ? text : text.slice(0, hash).trimEnd();
}

class NetplanReader {
  readonly claims: Claim[] = [];
  private stack: Entry[] = [];
  /** The list key (`addresses`, `routes`) the following `- ` items belong to. */
  private list: { key: string; indent: number } | undefined;
  private route: Route | undefined;
  /** Tunnel name → the line it is named on; claimed (as the interface) once a key inside it is read. */
  private tunnelsUsed = new Map<string, number>();

  private claim(index: number, fill?: (claim: ClaimBuilder) => void): void {
    const claim = new ClaimBuilder(index, 'he-netplan');
    fill?.(claim);
    this.claims.push(claim.build());
  }

  private flushRoute(): void {
    const route = this.route;
    this.route = undefined;
    if (!route) return;
    const [first, ...others] = route.lines;
    if (first === undefined) return;
    const isDefault = route.to === 'default' || route.to === '::/0';
    this.claim(first, (c) => {
      // Only a default route's gateway is the broker's end of the tunnel link.
      if (!isDefault || route.via === undefined) c.refuse();
      else c.serverV6(route.via);
    });
    for (const index of others) this.claim(index);
  }

  private listItem(line: PasteLine, text: string): void {
    const list = this.list;
    if (!list) return;
    if (list.key === 'addresses') {
      this.claim(line.index, (c) => {
        c.clientV6(unquote(text));
      });
      return;
    }
    this.flushRoute();
    this.route = { lines: [] };
    this.routeKey(line, text);
  }

  private routeKey(line: PasteLine, text: string): boolean {
    const route = this.route;
    const match = /^(to|via|on-link|metric):\s*(.*)$/.exec(text);
    if (!route || !match) return false;
    const value = unquote(match[2] ?? '');
    if (match[1] === 'to') route.to = value;
    if (match[1] === 'via') route.via = value;
    route.lines.push(line.index);
    return true;
  }

  private tunnelKey(line: PasteLine, key: string, value: string): void {
    const scalar = SCALARS.get(key);
    if (scalar) {
      this.claim(line.index, (c) => {
        scalar(c, unquote(value));
      });
    } else if (value === '') {
      // `addresses:` or `routes:` with the items on the following lines.
      this.list = { key, indent: line.indent };
      this.claim(line.index);
    } else {
      const items = key === 'addresses' ? flowList(value) : undefined;
      this.claim(line.index, (c) => {
        if (items) for (const address of items) c.clientV6(address);
        else c.refuse();
      });
    }
  }

  read(line: PasteLine): void {
    const text = dropComment(line.raw);
    if (text === '') return;
    const item = LIST_ITEM.exec(text);
    // Leaving a list: a line left of the list key, or at its column but not a `- ` item (YAML allows
    // a list's items at the same column as its key).
    if (this.list && (line.indent < this.list.indent || (line.indent === this.list.indent && !item))) {
      this.flushRoute();
      this.list = undefined;
    }
    if (this.list && item) {
      this.listItem(line, item[1] ?? '');
      return;
    }
    if (this.route && line.indent > (this.list?.indent ?? 0) && this.routeKey(line, text)) return;
    const match = KEY.exec(text);
    if (!match || match[1] !== undefined) return;
    const key = match[2] ?? '';
    const value = match[3] ?? '';
    while ((this.stack[this.stack.length - 1]?.indent ?? -1) >= line.indent) this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    const tunnel = tunnelOf(this.stack);
    if (value === '') this.stack.push({ indent: line.indent, key, index: line.index });
    if (TOP_KEYS.has(key) && (parent === undefined || parent.key === 'network')) {
      this.claim(line.index);
    } else if (tunnel && TUNNEL_KEYS.has(key)) {
      this.tunnelsUsed.set(tunnel.key, tunnel.index);
      this.tunnelKey(line, key, value);
    }
  }

  finish(): Claim[] {
    this.flushRoute();
    for (const [name, index] of this.tunnelsUsed)
      this.claim(index, (c) => {
        c.iface(name);
      });
    return this.claims;
  }
}

/** Claims the lines of a netplan tunnel definition. */
export function parseNetplan(lines: PasteLine[]): Claim[] {
  const reader = new NetplanReader();
  for (const line of lines) reader.read(line);
  return reader.finish();
}
