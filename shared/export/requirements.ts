import { backendLoader } from '../render/firewall-backend';
import { assertNever } from '../util/assert-never';
import type { RenderedFile } from '../render/types';
import type { NetworkSystem, Profile } from '../profile/types';
import { packageFor } from './packages';

/** A program install.sh needs: `check` to test files before installing them, `apply` to switch them on. */
export interface Requirement {
  when: 'check' | 'apply';
  binary: string;
  package: string;
}

function networkPrograms(system: NetworkSystem): string[] {
  switch (system) {
    case 'ifupdown':
      return ['ifup', 'ip'];
    case 'systemd-networkd':
      return ['networkctl'];
    case 'netplan':
      return ['netplan'];
    case 'iproute2':
      return ['systemctl', 'ip'];
    default:
      return assertNever(system);
  }
}

/** The daemon a stage's service needs, beyond the checker (which is often the same program). */
function daemonPrograms(profile: Profile, files: readonly RenderedFile[]): string[] {
  const stages = new Set(files.map((f) => f.stage));
  const out: string[] = [];
  // The tunnel watch (with radvd, in the ra stage) pings the broker; without ping it would count the
  // tunnel as down and take the LAN's default route away.
  if (stages.has('ra')) out.push('radvd', 'ping');
  if (stages.has('dhcp')) {
    const server = profile.dhcpv6.server;
    switch (server) {
      case 'kea':
        out.push('kea-dhcp6');
        break;
      case 'isc-dhcpd':
        out.push('dhcpd');
        break;
      case 'dnsmasq':
        out.push('dnsmasq');
        break;
      case 'wide-dhcp6s':
        out.push('dhcp6s');
        break;
      default:
        assertNever(server);
    }
  }
  if (stages.has('firewall')) {
    out.push(backendLoader(profile.router.firewallBackend));
  }
  return out;
}

/**
 * Every program install.sh needs for these files, each once, checkers first. install.sh tests them all
 * before it changes anything, so a missing package never leaves a router half configured.
 */
export function requirements(profile: Profile, files: readonly RenderedFile[]): Requirement[] {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  const add = (when: Requirement['when'], binary: string): void => {
    if (seen.has(binary)) return;
    seen.add(binary);
    out.push({ when, binary, package: packageFor(binary) });
  };
  for (const f of files) {
    const checker = f.validate?.[0];
    if (checker !== undefined) add('check', checker);
  }
  if (files.some((f) => f.stage === 'sysctl')) add('apply', 'sysctl');
  if (files.some((f) => f.stage === 'network'))
    for (const p of networkPrograms(profile.router.networkSystem)) add('apply', p);
  if (files.some((f) => f.service !== undefined)) add('apply', 'systemctl');
  for (const p of daemonPrograms(profile, files)) add('apply', p);
  return out;
}
