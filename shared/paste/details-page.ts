import { ClaimBuilder, type Claim } from './claim';
import type { PasteLine } from './lines';

/**
 * The broker's tunnel details page, selected in a browser and copied as text. Each value follows
 * its label after a colon, on the same line (a space or a tab from the table cell) or on the next
 * line (some browsers copy table cells as separate lines):
 *
 *     Tunnel ID:              123456
 *     Server IPv4 Address:    192.0.2.1
 *     Server IPv6 Address:    2001:db8:0:1::1/64
 *     Client IPv4 Address:    198.51.100.20
 *     Client IPv6 Address:    2001:db8:0:1::2/64
 *     Routed /64:             2001:db8:1::/64
 *     Routed /48:             Allocate        (a button: no /48 yet)
 */

/** Same characters the validator allows for the broker account (it is sent in an HTTPS request). */
const ACCOUNT = /^[A-Za-z0-9._@+-]{1,128}$/;
const TUNNEL_ID = /^[0-9]{1,12}$/;
/** What the page shows instead of a prefix that has not been allocated yet. */
const NOT_ALLOCATED = /^(allocate|assign|none|not allocated|-)$/i;

type Reader = (claim: ClaimBuilder, value: string) => ClaimBuilder;

/** Label (lower case, single spaces) → how its value is read. */
const LABELS: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  ['server ipv4 address', (c, v) => c.v4('serverIpv4', v)],
  ['server ipv6 address', (c, v) => c.serverV6(v)],
  ['client ipv4 address', (c, v) => c.v4('localIpv4', v)],
  ['client ipv6 address', (c, v) => c.clientV6(v)],
  ['routed /64', (c, v) => routed(c, v, 64)],
  ['routed /56', (c, v) => routed(c, v, 56)],
  ['routed /48', (c, v) => routed(c, v, 48)],
  ['tunnel id', (c, v) => c.matching('tunnelId', v, TUNNEL_ID)],
  ['account', (c, v) => c.matching('username', v, ACCOUNT)],
  ['username', (c, v) => c.matching('username', v, ACCOUNT)],
  ['user name', (c, v) => c.matching('username', v, ACCOUNT)],
  ['mtu', (c, v) => c.integer('mtu', v, 1280, 65535)],
]);

/**
 * Labels and headings of the page that carry nothing the profile needs; recognising them keeps the
 * "not understood" list down to what the person should really look at.
 */
const IGNORED = new Set([
  'tunnel details',
  'ipv6 tunnel endpoints',
  'routed ipv6 prefixes',
  'creation date',
  'description',
  'linklocal address',
  'link-local address',
  'available dns resolvers',
  'anycast ipv6 caching nameserver',
  'anycasted ipv4 caching nameserver',
  'rdns delegations',
  'example configurations',
]);

/**
 * The broker routes a /64 to every tunnel and a /48 on request. A person who allocated the /48 did it
 * to number more than one network from it (the LAN step picks which /64 of it the LAN gets), so the
 * /48 wins and the /64 is used only when no larger prefix is on the page.
 */
function routed(claim: ClaimBuilder, value: string, length: number): ClaimBuilder {
  return NOT_ALLOCATED.test(value) ? claim : claim.prefix(value, length, length === 64);
}

interface Labelled {
  label: string;
  value: string;
}

/** `Label: value`, `Label:<TAB>value`, `Label:` (value on the next line), or a bare heading. */
function splitLabel(text: string): Labelled | undefined {
  const colon = text.indexOf(':');
  // Labels are short words; an IPv6 address has colons too, so a "label" must not look like one.
  const label = (colon < 0 ? text : text.slice(0, colon)).trim().replace(/\s+/g, ' ').toLowerCase();
  if (label.length === 0 || label.length > 40 || !/^[a-z][a-z0-9 /-]*$/.test(label)) return undefined;
  return { label, value: colon < 0 ? '' : text.slice(colon + 1).trim() };
}

function isLabel(text: string): boolean {
  const split = splitLabel(text);
  return split !== undefined && (LABELS.has(split.label) || IGNORED.has(split.label));
}

/** Claims the lines of a copied tunnel details page. */
export function parseDetailsPage(lines: PasteLine[]): Claim[] {
  const claims: Claim[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    const split = splitLabel(line.raw);
    if (!split) continue;
    const reader = LABELS.get(split.label);
    if (IGNORED.has(split.label)) {
      claims.push(new ClaimBuilder(line.index, 'he-details-page').build());
      continue;
    }
    if (!reader) continue;
    let value = split.value;
    const next = lines[i + 1];
    if (value === '' && next && !isLabel(next.raw)) {
      // The value sits on its own line below the label: both lines belong to this field.
      value = next.raw;
      const claim = new ClaimBuilder(next.index, 'he-details-page');
      reader(claim, value);
      claims.push(new ClaimBuilder(line.index, 'he-details-page').build(), claim.build());
      i += 1;
      continue;
    }
    const claim = new ClaimBuilder(line.index, 'he-details-page');
    if (value === '') claim.refuse();
    else reader(claim, value);
    claims.push(claim.build());
  }
  return claims;
}
