import {
  isPrivateV4,
  parseV4,
  parseV6,
  parseV6Interface,
  parseV6Prefix,
  prefixContains,
  prefixesOverlap,
  v6Kind,
} from '../../net/addr';
import type { TunnelSection } from '../../profile/types';
import { error, warning, type Problem } from '../problem';
import { cidr, ROUTED_LENGTHS, tunnelLinkOf } from './context';
import type { Rule } from './index';
import { show } from './show';
import { updateProblems } from './tunnel-update';

/** Why an IPv4 endpoint field is wrong, pointing at the likely slip (an IPv6 address, a prefix length). */
function v4Problems(
  path: string,
  value: string,
  what: string,
  example: string,
): { address: string | undefined; problems: Problem[] } {
  const address = parseV4(value);
  if (address !== undefined) return { address, problems: [] };
  const v6ish =
    parseV6(value) !== undefined ||
    parseV6Prefix(value) !== undefined ||
    parseV6Interface(value) !== undefined;
  const withLength =
    !v6ish && value.includes('/') && parseV4(value.slice(0, value.indexOf('/'))) !== undefined;
  const why = v6ish
    ? 'is an IPv6 address'
    : withLength
      ? `is ${show(value)}, which has a prefix length`
      : `is ${show(value)}, not an IPv4 address`;
  return { address: undefined, problems: [error(path, `${why}; ${what} is a dotted IPv4 like ${example}`)] };
}

function endpoints(t: TunnelSection): Problem[] {
  const server = v4Problems(
    'tunnel.serverIpv4',
    t.serverIpv4,
    "the broker's server IPv4 endpoint",
    '192.0.2.1',
  );
  const local = v4Problems(
    'tunnel.localIpv4',
    t.localIpv4,
    "this router's IPv4 address on the WAN",
    '198.51.100.20',
  );
  const problems = [...server.problems, ...local.problems];
  if (local.address && isPrivateV4(local.address)) {
    problems.push(
      warning(
        'tunnel.localIpv4',
        `is ${local.address}, a private address: the router is behind a NAT, so the upstream router must forward IP protocol 41 ` +
          `to this box, and the broker must be told the public IPv4 address, not this one`,
      ),
    );
  }
  if (server.address && isPrivateV4(server.address)) {
    problems.push(
      warning(
        'tunnel.serverIpv4',
        `is ${server.address}, a private address; a broker's endpoint is a public address — check the tunnel details page`,
      ),
    );
  }
  if (server.address && server.address === local.address) {
    problems.push(
      error(
        'tunnel.localIpv4',
        `is the same as serverIpv4 (${server.address}); the tunnel runs between two different hosts`,
      ),
    );
  }
  return problems;
}

function tunnelLink(t: TunnelSection): Problem[] {
  const client = parseV6Interface(t.clientIpv6);
  if (!client) {
    const hint = parseV6(t.clientIpv6) !== undefined ? ' (the /64 is missing)' : '';
    return [
      error(
        'tunnel.clientIpv6',
        `is ${show(t.clientIpv6)}${hint} — give the client IPv6 address with its prefix length, as the broker shows it, e.g. 2001:db8:0:1::2/64`,
      ),
    ];
  }
  const problems: Problem[] = [];
  const kind = v6Kind(client.address);
  if (client.length === 0 || client.length === 128) {
    problems.push(
      error(
        'tunnel.clientIpv6',
        `has the prefix length /${client.length}; the tunnel link is a /64 (1–127 can work, 64 is what brokers use)`,
      ),
    );
  } else if (client.length !== 64) {
    problems.push(
      warning(
        'tunnel.clientIpv6',
        `has the prefix length /${client.length}; tunnel brokers use a /64 for the tunnel link — check the broker's page`,
      ),
    );
  }
  if (kind && (kind.linkLocal || kind.multicast || kind.loopback || kind.unspecified || kind.v4Mapped)) {
    problems.push(
      error(
        'tunnel.clientIpv6',
        `is ${client.address}, which is not a global unicast address; the broker's "Client IPv6 Address" is, e.g. 2001:db8:0:1::2/64`,
      ),
    );
  }
  const server = parseV6(t.serverIpv6);
  if (server === undefined) {
    const why =
      parseV6Interface(t.serverIpv6) !== undefined
        ? ', which has a prefix length'
        : ', which is not an IPv6 address';
    problems.push(
      error(
        'tunnel.serverIpv6',
        `is ${show(t.serverIpv6)}${why}; give the broker's server IPv6 address without a length, e.g. 2001:db8:0:1::1`,
      ),
    );
    return problems;
  }
  const link = tunnelLinkOf(t.clientIpv6);
  if (link && !prefixContains(link, server)) {
    problems.push(
      error(
        'tunnel.serverIpv6',
        `is ${server}, outside the tunnel link ${cidr(link)}; the server and client addresses share the tunnel's /64`,
      ),
    );
  }
  if (server === client.address) {
    problems.push(
      error(
        'tunnel.serverIpv6',
        `is ${server}, the same as the client address; the server end is usually ::1 and the client ::2`,
      ),
    );
  }
  return problems;
}

function routed(t: TunnelSection): Problem[] {
  const prefix = parseV6Prefix(t.routedPrefix);
  if (!prefix) {
    return [
      error(
        'tunnel.routedPrefix',
        `is ${show(t.routedPrefix)} — give the routed prefix with its length, e.g. 2001:db8:1::/48 or 2001:db8:2:3::/64`,
      ),
    ];
  }
  const problems: Problem[] = [];
  if (!(ROUTED_LENGTHS as readonly number[]).includes(prefix.length)) {
    problems.push(
      error('tunnel.routedPrefix', `is a /${prefix.length}; a routed prefix is a /48, /56 or /64`),
    );
  }
  if (prefix.hadHostBits) {
    problems.push(error('tunnel.routedPrefix', `has host bits set; did you mean ${cidr(prefix)}?`));
  }
  const kind = v6Kind(prefix.network);
  if (kind && (kind.linkLocal || kind.multicast || kind.loopback || kind.unspecified)) {
    problems.push(
      error(
        'tunnel.routedPrefix',
        `is ${cidr(prefix)}, which is not a global unicast prefix; copy it from the broker's "Routed /64" or "Routed /48" line`,
      ),
    );
  }
  const link = tunnelLinkOf(t.clientIpv6);
  if (link && prefixesOverlap(prefix, link)) {
    problems.push(
      error(
        'tunnel.routedPrefix',
        `overlaps the tunnel link ${cidr(link)}; the routed prefix is a separate block from the tunnel's /64 — ` +
          `copy it from the broker's "Routed /64" or "Routed /48" line`,
      ),
    );
  }
  return problems;
}

function numbers(t: TunnelSection): Problem[] {
  const problems: Problem[] = [];
  if (t.mtu < 1280 || t.mtu > 1480) {
    problems.push(
      error(
        'tunnel.mtu',
        `is ${t.mtu}; it must be from 1280 to 1480 — 1480 is 1500 minus the 20-byte IPv4 header; IPv6 needs at least 1280`,
      ),
    );
  }
  if (t.ttl < 1 || t.ttl > 255)
    problems.push(error('tunnel.ttl', `is ${t.ttl}; the TTL is from 1 to 255 (255 is usual)`));
  return problems;
}

export const tunnelRule: Rule = (profile) => {
  const t = profile.tunnel;
  return [
    ...endpoints(t),
    ...tunnelLink(t),
    ...routed(t),
    ...numbers(t),
    ...(t.update ? updateProblems(t.update) : []),
  ];
};
