import { defaultProfile } from '../../profile/defaults';
import {
  BROKER_PRESETS,
  DAD_STRATEGIES,
  DHCP_MODES,
  DHCP_SERVERS,
  DISTROS,
  FIREWALL_BACKENDS,
  NETPLAN_DEVICE_TYPES,
  NETWORK_SYSTEMS,
  PROTOCOLS,
  type Profile,
} from '../../profile/types';

/**
 * Test data shared by the validator's property tests and tests/hostile.test.ts: a profile that uses
 * every optional part (so every string field exists), and for each string field the allowlist a value
 * must match to be accepted. The allowlists are written independently of the rules on purpose: they
 * state the contract the renderers rely on, and the tests prove the rules never let anything wider in.
 */
export function fullProfile(): Profile {
  const p = defaultProfile();
  p.$schema = './profile.schema.json';
  p.router.networkSystem = 'systemd-networkd';
  p.router.wanNetworkFile = '10-wan.network';
  p.router.lanNetworkFile = '20-lan.network';
  p.router.wanDeviceType = 'ethernet';
  p.router.lanDeviceType = 'bridge';
  p.router.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
  p.router.management.allowFrom = ['2001:db8:5::/48'];
  p.tunnel.update = { username: 'alice', tunnelId: '123456', updateKey: { secretRef: 'he-update-key' } };
  p.ra.dnssl = ['home.example'];
  p.dhcpv6.mode = 'stateful';
  p.dhcpv6.dnsServers = ['2001:db8:1::53'];
  p.dhcpv6.domainSearch = ['home.example'];
  p.dhcpv6.reservations = [
    { name: 'nas', duid: '00:03:00:01:52:54:00:12:34:56', iaid: 1, address: '2001:db8:1::20' },
  ];
  p.firewall.routerServices = [{ name: 'Samba', protocol: 'tcp', port: 445 }];
  p.firewall.openings = [{ host: '2001:db8:1::80', protocol: 'tcp', port: 443, description: 'web server' }];
  p.dad.services = ['nginx'];
  return p;
}

const HEX_V6 = /^[0-9a-fA-F:.]{2,45}$/;
const HEX_V6_LEN = /^[0-9a-fA-F:.]{2,45}\/[0-9]{1,3}$/;
const V4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;
const IFACE = (v: string): boolean =>
  /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}$/.test(v) && v !== '.' && v !== '..';
const DNS = (v: string): boolean => v.length <= 253 && /^[A-Za-z0-9.-]+$/.test(v);
const oneOf =
  (choices: readonly string[]) =>
  (v: string): boolean =>
    choices.includes(v);

// eslint-disable-next-line no-control-regex
const NOT_IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Every string field of fullProfile(): its path and the allowlist an accepted value must match. */
export const STRING_FIELDS: readonly { path: string; allow: (value: string) => boolean }[] = [
  { path: '$schema', allow: (v) => /^[A-Za-z0-9._~:/?#@+,=%-]{1,512}$/.test(v) },
  { path: 'name', allow: (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) },
  // The one free-text field: anything printable and newlines, but no control, bidi or separator characters.
  { path: 'description', allow: (v) => v.length <= 1000 && !NOT_IN_TEXT.test(v) },
  { path: 'router.distro', allow: oneOf(DISTROS) },
  { path: 'router.networkSystem', allow: oneOf(NETWORK_SYSTEMS) },
  { path: 'router.firewallBackend', allow: oneOf(FIREWALL_BACKENDS) },
  { path: 'router.wanInterface', allow: IFACE },
  { path: 'router.lanInterface', allow: IFACE },
  { path: 'router.wanNetworkFile', allow: (v) => /^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,119}\.network$/.test(v) },
  { path: 'router.lanNetworkFile', allow: (v) => /^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,119}\.network$/.test(v) },
  { path: 'router.wanDeviceType', allow: oneOf(NETPLAN_DEVICE_TYPES) },
  { path: 'router.lanDeviceType', allow: oneOf(NETPLAN_DEVICE_TYPES) },
  { path: 'router.lanBridgePorts[0].name', allow: IFACE },
  { path: 'router.lanBridgePorts[0].deviceType', allow: oneOf(NETPLAN_DEVICE_TYPES) },
  { path: 'router.management.allowFrom[0]', allow: (v) => HEX_V6.test(v) || HEX_V6_LEN.test(v) },
  { path: 'tunnel.broker', allow: oneOf(BROKER_PRESETS) },
  { path: 'tunnel.serverIpv4', allow: (v) => V4.test(v) },
  { path: 'tunnel.localIpv4', allow: (v) => V4.test(v) },
  { path: 'tunnel.clientIpv6', allow: (v) => HEX_V6_LEN.test(v) },
  { path: 'tunnel.serverIpv6', allow: (v) => HEX_V6.test(v) },
  { path: 'tunnel.routedPrefix', allow: (v) => HEX_V6_LEN.test(v) },
  { path: 'tunnel.interface', allow: IFACE },
  { path: 'tunnel.update.username', allow: (v) => /^[A-Za-z0-9._@+-]{1,128}$/.test(v) },
  { path: 'tunnel.update.tunnelId', allow: (v) => /^[0-9]{1,12}$/.test(v) },
  { path: 'tunnel.update.updateKey.secretRef', allow: (v) => /^[A-Za-z0-9_.:-]{1,128}$/.test(v) },
  { path: 'lan.routerInterfaceId', allow: (v) => HEX_V6.test(v) },
  { path: 'ra.rdnss[0]', allow: (v) => HEX_V6.test(v) },
  { path: 'ra.dnssl[0]', allow: DNS },
  { path: 'dhcpv6.mode', allow: oneOf(DHCP_MODES) },
  { path: 'dhcpv6.server', allow: oneOf(DHCP_SERVERS) },
  { path: 'dhcpv6.poolStart', allow: (v) => HEX_V6.test(v) },
  { path: 'dhcpv6.poolEnd', allow: (v) => HEX_V6.test(v) },
  { path: 'dhcpv6.dnsServers[0]', allow: (v) => HEX_V6.test(v) },
  { path: 'dhcpv6.domainSearch[0]', allow: DNS },
  { path: 'dhcpv6.reservations[0].name', allow: (v) => /^[A-Za-z0-9-]{1,63}$/.test(v) },
  { path: 'dhcpv6.reservations[0].duid', allow: (v) => /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){2,129}$/.test(v) },
  { path: 'dhcpv6.reservations[0].address', allow: (v) => HEX_V6.test(v) },
  { path: 'firewall.routerServices[0].name', allow: (v) => /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,31}$/.test(v) },
  { path: 'firewall.routerServices[0].protocol', allow: oneOf(PROTOCOLS) },
  { path: 'firewall.openings[0].host', allow: (v) => HEX_V6.test(v) },
  { path: 'firewall.openings[0].protocol', allow: oneOf(PROTOCOLS) },
  { path: 'firewall.openings[0].description', allow: (v) => /^[A-Za-z0-9 .,:_+/@=-]{0,128}$/.test(v) },
  { path: 'dad.strategy', allow: oneOf(DAD_STRATEGIES) },
  { path: 'dad.services[0]', allow: (v) => /^[A-Za-z0-9:_@][A-Za-z0-9:_.@-]{0,63}$/.test(v) },
];

/** A deep copy of `profile` with the value at a dotted/indexed path replaced. */
export function withValueAt(profile: Profile, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(profile)) as Record<string, unknown>;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: Record<string, unknown> = copy;
  keys.slice(0, -1).forEach((k) => {
    node = node[k] as Record<string, unknown>;
  });
  node[keys[keys.length - 1] ?? ''] = value;
  return copy;
}
