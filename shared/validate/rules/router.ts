import { LEGACY_WARNING } from '../../detect/firewall-others';
import { parseV6Source, v6Kind } from '../../net/addr';
import type { Profile } from '../../profile/types';
import { interfaceNameProblems, NETWORK_FILE } from '../names';
import { error, warning, type Problem } from '../problem';
import type { Rule } from './index';
import { show } from './show';

/** The three interface names: each must be a valid name, and no two may be the same interface. */
function interfaces(profile: Profile): Problem[] {
  const named: [string, string][] = [
    ['router.wanInterface', profile.router.wanInterface],
    ['router.lanInterface', profile.router.lanInterface],
    ['tunnel.interface', profile.tunnel.interface],
  ];
  const problems = named.flatMap(([path, value]) => interfaceNameProblems(path, value));
  named.forEach(([path, value], i) => {
    const earlier = named.slice(0, i).find(([, other]) => other === value);
    if (earlier) {
      problems.push(
        error(
          path,
          `is ${show(value)}, the same interface as ${earlier[0]}; the WAN, the LAN and the tunnel are three different interfaces`,
        ),
      );
    }
  });
  return problems;
}

/** SSH is the person's way back in; the rules make sure the firewall cannot lock them out by accident. */
function management(profile: Profile): Problem[] {
  const m = profile.router.management;
  const problems: Problem[] = [];
  if (!Number.isInteger(m.sshPort) || m.sshPort < 1 || m.sshPort > 65535) {
    problems.push(
      error(
        'router.management.sshPort',
        `is ${m.sshPort}; a port is a whole number from 1 to 65535 (sshd's default is 22)`,
      ),
    );
  }
  m.allowFrom.forEach((value, i) => {
    const path = `router.management.allowFrom[${i}]`;
    const source = parseV6Source(value);
    if (source === undefined) {
      problems.push(
        error(
          path,
          `is ${show(value)} — give an IPv6 address or prefix, e.g. 2001:db8:5::10 or 2001:db8:5::/48`,
        ),
      );
      return;
    }
    const [network = '', length = ''] = source.split('/');
    const kind = v6Kind(network);
    // ::/0 would open SSH to the whole internet: that is never what "allow from" means.
    if (length === '0')
      problems.push(
        error(
          path,
          `is ${show(value)}, which is the whole internet; list the addresses or prefixes you connect from`,
        ),
      );
    else if (kind?.unspecified)
      problems.push(error(path, `is ${source}, the unspecified address; no packet comes from it`));
    else if (kind?.multicast)
      problems.push(
        error(path, `is ${source}, a multicast range; packets never come from a multicast source`),
      );
  });
  if (!m.fromLan && m.allowFrom.length === 0) {
    problems.push(
      warning(
        'router.management',
        'fromLan is off and allowFrom is empty, so SSH to the router over IPv6 will be closed from everywhere ' +
          '(SSH over IPv4 is not touched); make sure you reach the router over IPv4 or allow the LAN',
      ),
    );
  }
  return problems;
}

/** systemd-networkd needs the existing `.network` files to hang the tunnel and the LAN address on. */
function networkFiles(profile: Profile): Problem[] {
  const r = profile.router;
  const files: [string, 'wanNetworkFile' | 'lanNetworkFile', string, string][] = [
    ['router.wanNetworkFile', 'wanNetworkFile', r.wanInterface, '10-wan.network'],
    ['router.lanNetworkFile', 'lanNetworkFile', r.lanInterface, '20-lan.network'],
  ];
  const problems: Problem[] = [];
  for (const [path, key, iface, example] of files) {
    const value = r[key];
    if (r.networkSystem !== 'systemd-networkd') {
      if (value !== undefined)
        problems.push(
          warning(
            path,
            `is ignored: it is only used with systemd-networkd, and networkSystem is ${r.networkSystem}`,
          ),
        );
      continue;
    }
    if (value === undefined) {
      problems.push(
        error(
          path,
          `is missing: systemd-networkd needs the name of the .network file that configures ${show(iface)}, e.g. ${example}`,
        ),
      );
    } else if (!NETWORK_FILE.test(value)) {
      problems.push(
        error(
          path,
          `is ${show(value)} — give the file's name only (no folder), letters, digits, '.', '_', '@' or '-' (not starting with '.' or '-') ending in .network, e.g. ${example}`,
        ),
      );
    }
  }
  return problems;
}

/** iptables-legacy still works, but not for long: say so where the choice is made. */
function firewallBackend(profile: Profile): Problem[] {
  return profile.router.firewallBackend === 'iptables-legacy'
    ? [warning('router.firewallBackend', LEGACY_WARNING)]
    : [];
}

/**
 * netplan's device types: only meaningful with netplan, and a bridge LAN's ports are real, distinct
 * interfaces (each gets its own entry in the generated file, under its own type).
 */
function netplanDevices(profile: Profile): Problem[] {
  const r = profile.router;
  const problems: Problem[] = [];
  const set: [string, unknown][] = [
    ['router.wanDeviceType', r.wanDeviceType],
    ['router.lanDeviceType', r.lanDeviceType],
    ['router.lanBridgePorts', r.lanBridgePorts],
  ];
  const ports = r.lanBridgePorts ?? [];
  if (r.networkSystem !== 'netplan') {
    for (const [path, value] of set)
      if (value !== undefined)
        problems.push(
          warning(path, `is ignored: it is only used with netplan, and networkSystem is ${r.networkSystem}`),
        );
  } else if (r.lanDeviceType !== 'bridge') {
    if (r.lanBridgePorts !== undefined)
      problems.push(
        warning(
          'router.lanBridgePorts',
          `is ignored: the LAN ${show(r.lanInterface)} is not a bridge (lanDeviceType is ${r.lanDeviceType ?? 'ethernet'})`,
        ),
      );
  } else if (ports.length === 0)
    problems.push(
      warning(
        'router.lanBridgePorts',
        `is empty: the ports of the bridge ${show(r.lanInterface)} keep taking router advertisements, which leaves IPv6 half configured; list them (Detect from router finds them in your netplan files)`,
      ),
    );
  const others: [string, string][] = [
    ['router.wanInterface', r.wanInterface],
    ['router.lanInterface', r.lanInterface],
    ['tunnel.interface', profile.tunnel.interface],
  ];
  // The ports' names are checked whatever the system: a name is refused before anything could use it.
  ports.forEach((port, i) => {
    const path = `router.lanBridgePorts[${i}]`;
    problems.push(...interfaceNameProblems(`${path}.name`, port.name));
    const clash = others.find(([, name]) => name === port.name);
    if (clash)
      problems.push(
        error(
          `${path}.name`,
          `is ${show(port.name)}, the same interface as ${clash[0]}; a bridge port is another interface`,
        ),
      );
    if (ports.slice(0, i).some((p) => p.name === port.name))
      problems.push(error(`${path}.name`, `is ${show(port.name)}, which is listed twice`));
    if (port.deviceType === 'bridge')
      problems.push(error(`${path}.deviceType`, 'is bridge; a bridge cannot be a port of another bridge'));
  });
  return problems;
}

export const routerRule: Rule = (profile) => [
  ...interfaces(profile),
  ...management(profile),
  ...networkFiles(profile),
  ...firewallBackend(profile),
  ...netplanDevices(profile),
];
