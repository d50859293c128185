import tmpl from '../../templates/tunnel/netplan-v6wizard.yaml.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import { header } from './header';
import { fill } from './template';
import { lanAddress, ROOT_OWNER, tunnelAddress, tunnelIpv4 } from './tunnel-common';
import type { RenderContext, RenderedFile } from './types';

/**
 * A YAML double-quoted scalar. JSON's string syntax is a subset of it. Every profile value is quoted
 * so that YAML 1.1 never reads a name such as `on` or `no` as a boolean, or digits as a number.
 */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * netplan keeps VLANs under `vlans:` and a device's definition must keep its type across files. A
 * name with a dot (`eth1.10`) is the VLAN naming convention, so it is merged into `vlans:`;
 * any other name into `ethernets:`. (A bridge or bond LAN is not covered: netplan then stops with
 * "changes device type" instead of applying a wrong configuration.)
 */
function deviceType(name: string): 'vlans' | 'ethernets' {
  return name.includes('.') ? 'vlans' : 'ethernets';
}

/**
 * The WAN and LAN entries, grouped under their device types (YAML allows each key once): the LAN gets
 * the router's address, both get `accept-ra: false`.
 */
function deviceSections(wan: string, lan: string, lanAddr: string): string {
  const entry = (name: string, withAddress: boolean): string =>
    [
      `    ${yamlString(name)}:`,
      '      accept-ra: false',
      ...(withAddress ? ['      addresses:', `        - ${yamlString(lanAddr)}`] : []),
    ].join('\n');
  const types = new Map<string, string[]>();
  for (const [name, withAddress] of [
    [wan, false],
    [lan, true],
  ] as const) {
    const type = deviceType(name);
    types.set(type, [...(types.get(type) ?? []), entry(name, withAddress)]);
  }
  return [...types].map(([type, entries]) => [`  ${type}:`, ...entries].join('\n')).join('\n');
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
  const content = fill(tmpl, {
    header: header(ctx),
    tunnel: yamlString(tunnel.interface),
    localIpv4: yamlString(v4.local),
    serverIpv4: yamlString(v4.server),
    ttl: String(tunnel.ttl),
    mtu: String(tunnel.mtu),
    tunnelAddress: yamlString(tunnelAddress(derived)),
    serverIpv6: yamlString(derived.tunnelServer),
    devices: deviceSections(router.wanInterface, router.lanInterface, lanAddress(derived)),
  });
  return [
    {
      path: '/etc/netplan/60-v6wizard.yaml',
      mode: 0o600,
      owner: ROOT_OWNER,
      content,
      stage: 'network',
      description: `netplan: the 6in4 tunnel ${tunnel.interface} to ${v4.server} with the IPv6 default route, ${lanAddress(derived)} added to ${router.lanInterface}, and router advertisements ignored on ${router.wanInterface} and ${router.lanInterface}.`,
    },
  ];
}
