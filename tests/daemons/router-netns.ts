import { spawnSync } from 'node:child_process';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';

function ip(...args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr}`);
}

let counter = 0;

/**
 * A network namespace shaped like the profile's router: its WAN and LAN interfaces exist (veth ends —
 * this kernel has no dummy driver) with the router's IPv4 and LAN IPv6 addresses. Daemon checks such as
 * `kea-dhcp6 -t` refuse a config whose interfaces are missing, exactly as they would on the router, so
 * they run here; iptables checks in it cannot touch the host's tables. The sit tunnel itself cannot be
 * created on this kernel, and no check needs it.
 */
export function routerNetns(profile: Profile): { name: string; destroy: () => void } {
  const name = `v6wrouter${process.pid}x${counter++}`;
  ip('netns', 'add', name);
  try {
    const { wanInterface, lanInterface } = profile.router;
    ip('-n', name, 'link', 'add', wanInterface, 'type', 'veth', 'peer', 'name', 'v6wpeer0');
    ip('-n', name, 'link', 'add', lanInterface, 'type', 'veth', 'peer', 'name', 'v6wpeer1');
    for (const dev of [wanInterface, lanInterface, 'v6wpeer0', 'v6wpeer1', 'lo'])
      ip('-n', name, 'link', 'set', dev, 'up');
    ip('-n', name, 'addr', 'add', `${profile.tunnel.localIpv4}/24`, 'dev', wanInterface);
    ip('-n', name, '-6', 'addr', 'add', `${derive(profile).lanRouter}/64`, 'dev', lanInterface, 'nodad');
  } catch (e) {
    spawnSync('ip', ['netns', 'del', name]);
    throw e;
  }
  return { name, destroy: () => void spawnSync('ip', ['netns', 'del', name]) };
}
