import { NETPLAN_TYPE_KEYS, type NetplanDeviceType, type Profile } from '../../shared/profile/types';
import { netplanDeviceType } from '../../shared/render/tunnel-netplan';

/** A device in a person's own netplan file: its type, and the lines under its name. */
export interface PersonDevice {
  name: string;
  type: NetplanDeviceType;
  lines: string[];
}

/** A person's own netplan file (networkd renderer) holding these devices, grouped by type. */
export function personNetplanYaml(devices: readonly PersonDevice[]): string {
  const types = new Map<NetplanDeviceType, string[]>();
  for (const d of devices)
    types.set(d.type, [
      ...(types.get(d.type) ?? []),
      `    ${d.name}:${d.lines.length ? '' : ' {}'}`,
      ...d.lines.map((l) => `      ${l}`),
    ]);
  return [
    'network:',
    '  version: 2',
    '  renderer: networkd',
    ...[...types].flatMap(([type, lines]) => [`  ${NETPLAN_TYPE_KEYS[type]}:`, ...lines]),
    '',
  ].join('\n');
}

/**
 * The netplan file a person with this profile's router would have: the WAN with DHCP, the LAN with a
 * private IPv4, each under its device type, with what netplan requires of that type (a VLAN's id and
 * link, a bridge's or bond's ports as ethernets).
 */
export function personNetplanFor(profile: Profile): string {
  const r = profile.router;
  const devices: PersonDevice[] = [];
  const add = (name: string, type: NetplanDeviceType, own: string[]): void => {
    const extra: string[] = [];
    if (type === 'vlan') {
      devices.push({ name: `${name}-parent`.slice(0, 15), type: 'ethernet', lines: [] });
      extra.push('id: 10', `link: ${`${name}-parent`.slice(0, 15)}`);
    }
    if (type === 'bond') {
      devices.push({ name: `${name}p`.slice(0, 15), type: 'ethernet', lines: [] });
      extra.push(`interfaces: [${`${name}p`.slice(0, 15)}]`);
    }
    if (type === 'bridge') {
      const ports = r.lanBridgePorts ?? [];
      for (const p of ports) add(p.name, p.deviceType, []);
      extra.push(`interfaces: [${ports.map((p) => p.name).join(', ')}]`);
    }
    if (type === 'wifi') extra.push('access-points:', '  "home": {password: "correct horse"}');
    devices.push({ name, type, lines: [...extra, ...own] });
  };
  add(r.wanInterface, netplanDeviceType(r.wanDeviceType, r.wanInterface), ['dhcp4: true']);
  add(r.lanInterface, netplanDeviceType(r.lanDeviceType, r.lanInterface), ['addresses: [192.168.1.1/24]']);
  return personNetplanYaml(devices);
}

/** A person's own netplan file whose LAN is the bridge br0 with the port lan0 (the WAN eth0 by DHCP). */
export const PERSON_BRIDGE = `network:
  version: 2
  renderer: networkd
  ethernets:
    eth0: {dhcp4: true}
    lan0: {}
  bridges:
    br0:
      interfaces: [lan0]
      addresses: [192.168.1.1/24]
`;
