import tmpl from '../../templates/tunnel/netplan-v6wizard.yaml.tmpl?raw';
import type { Derived } from '../profile/derive';
import {
  NETPLAN_TYPE_KEYS,
  type NetplanDeviceType,
  type Profile,
  type RouterSection,
} from '../profile/types';
import { header } from './header';
import { fill } from './template';
import { lanAddress, ROOT_OWNER, tunnelAddress, tunnelIpv4, unreachableRoute } from './tunnel-common';
import type { RenderContext, RenderedFile } from './types';

/**
 * A YAML double-quoted scalar. JSON's string syntax is a subset of it. Every profile value is quoted
 * so that YAML 1.1 never reads a name such as `on` or `no` as a boolean, or digits as a number.
 */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The device type a WAN or LAN has in the person's netplan files: what the profile says (detect reads
 * it from those files), else a VLAN for a name with a dot (`eth1.10`, the VLAN naming convention),
 * else an ethernet. A wrong type never reaches the router: the check stops at "changes device type".
 */
export function netplanDeviceType(explicit: NetplanDeviceType | undefined, name: string): NetplanDeviceType {
  return explicit ?? (name.includes('.') ? 'vlan' : 'ethernet');
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** The folders netplan reads, in the order it reads them; a checked copy needs all of them. */
export const NETPLAN_DIRS: readonly string[] = ['/lib/netplan', '/etc/netplan', '/run/netplan'];

/** One device's entry: its name, the device type it sits under, its lines, and a comment before it. */
interface Entry {
  name: string;
  type: NetplanDeviceType;
  lines: string[];
  comment?: string[];
}

/** Why a bridge's ports get no IPv6 of their own, written once, above the first port. */
const PORT_COMMENT = [
  'The ports of the bridge carry no IPv6 of their own; only the bridge does. A port that also takes',
  "router advertisements (it hears the router's own radvd on the bridge) leaves IPv6 half configured.",
  'netplan gives a port no link-local address by default but says nothing about RAs on it, so both',
  'are written out here.',
];

/**
 * The WAN, LAN and bridge-port entries, grouped under their device types (YAML allows each key once),
 * each under the type the person's own file gives it, so netplan merges instead of refusing: the LAN
 * gets the router's address, every entry gets `accept-ra: false`, and ports `link-local: []`.
 */
function deviceSections(router: RouterSection, lanAddr: string): string {
  const entries: Entry[] = [
    {
      name: router.wanInterface,
      type: netplanDeviceType(router.wanDeviceType, router.wanInterface),
      lines: [],
    },
    {
      name: router.lanInterface,
      type: netplanDeviceType(router.lanDeviceType, router.lanInterface),
      lines: ['addresses:', `  - ${yamlString(lanAddr)}`],
    },
  ];
  if (router.lanDeviceType === 'bridge')
    for (const [i, port] of (router.lanBridgePorts ?? []).entries())
      entries.push({
        name: port.name,
        type: port.deviceType,
        lines: ['link-local: []'],
        ...(i === 0 ? { comment: PORT_COMMENT } : {}),
      });
  const types = new Map<NetplanDeviceType, string[]>();
  for (const e of entries) {
    const text = [
      ...(e.comment ?? []).map((c) => `    # ${c}`),
      `    ${yamlString(e.name)}:`,
      ...['accept-ra: false', ...e.lines].map((l) => `      ${l}`),
    ];
    types.set(e.type, [...(types.get(e.type) ?? []), ...text]);
  }
  return [...types].map(([type, lines]) => [`  ${NETPLAN_TYPE_KEYS[type]}:`, ...lines].join('\n')).join('\n');
}

/** The unreachable route for the routed prefix (see unreachableRoute), in the tunnel's routes. */
function unreachableRouteLines(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  return [
    '        # Unused subnets of the routed prefix end here instead of bouncing between this router and',
    "        # the broker (RFC 7084 WPD-5); the LAN's /64 is more specific and wins.",
    `        - to: ${yamlString(prefix)}`,
    '          type: unreachable',
  ].join('\n');
}

/**
 * `/etc/netplan/60-v6wizard.yaml`: the sit tunnel with its address and default route, and the
 * router's LAN address merged into the person's LAN definition. Mode 0600 because netplan warns
 * about world-readable configuration. `netplan apply` applies it, so no service is named.
 *
 * DAD with netplan 0.106: it has no per-address DAD or optimistic option, so `disable` and
 * `optimistic` are carried by sysctl alone (accept_dad=0 on the LAN works; optimistic_dad only
 * affects addresses the kernel makes itself, so the static LAN address runs ordinary DAD).
 * The tunnel needs nothing: sit links are NOARP and the kernel skips DAD on them.
 */
export function renderTunnelNetplan(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const { tunnel, router } = profile;
  const v4 = tunnelIpv4(tunnel);
  const ports = router.lanDeviceType === 'bridge' ? (router.lanBridgePorts ?? []).map((p) => p.name) : [];
  const content = fill(tmpl, {
    header: header(ctx),
    tunnel: yamlString(tunnel.interface),
    localIpv4: yamlString(v4.local),
    serverIpv4: yamlString(v4.server),
    ttl: String(tunnel.ttl),
    mtu: String(tunnel.mtu),
    tunnelAddress: yamlString(tunnelAddress(derived)),
    serverIpv6: yamlString(derived.tunnelServer),
    unreachable: unreachableRouteLines(unreachableRoute(derived)),
    devices: deviceSections(router, lanAddress(derived)),
  });
  return [
    {
      path: '/etc/netplan/60-v6wizard.yaml',
      mode: 0o600,
      owner: ROOT_OWNER,
      content,
      // netplan merges this file with the person's own: only a generate over all of them, on a copy of
      // the folders, shows whether the result is accepted (a device type that differs is refused).
      validate: ['netplan', 'generate', '--root-dir', '{root}'],
      checkRoot: [...NETPLAN_DIRS],
      stage: 'network',
      description: `netplan: the 6in4 tunnel ${tunnel.interface} to ${v4.server} with the IPv6 default route, ${lanAddress(derived)} added to ${router.lanInterface}, and router advertisements ignored on ${andList([router.wanInterface, router.lanInterface, ...ports])}${ports.length > 0 ? ` (the bridge's ports also get no link-local address)` : ''}.`,
    },
  ];
}
