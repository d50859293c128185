import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import { renderTunnelIproute2 } from './tunnel-iproute2';

/**
 * The iproute2 tunnel script against a real kernel's addresses and routes, in a network namespace.
 * This kernel has no sit module, so the tunnel is a dummy device of the same name made beforehand (a veth) and
 * `ip tunnel …` is the one command a wrapper answers itself (change: nothing; del: delete the stand-in);
 * every other `ip` and `sysctl` call is the real one. What is real: the seed-003 trap (an address
 * already there as /128), the unreachable route, the LAN address across a down/up, and `down`.
 */

const NS = `v6wtun-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'v6wtun-'));

function inNs(...argv: string[]): { status: number | null; out: string } {
  const r = spawnSync('ip', ['netns', 'exec', NS, ...argv], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function must(...argv: string[]): string {
  const r = inNs(...argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.out}`);
  return r.out;
}
const script = (action: 'up' | 'down'): { status: number | null; out: string } =>
  inNs('env', `PATH=${dir}:/usr/sbin:/usr/bin:/sbin:/bin`, 'sh', join(dir, 'v6wizard-tunnel'), action);
const lanAddresses = (): string[] =>
  must('ip', '-6', '-o', 'addr', 'show', 'dev', 'eth1', 'scope', 'global')
    .split('\n')
    .map((l) => l.split(/\s+/)[3])
    .filter((a): a is string => a !== undefined);

beforeAll(() => {
  const profile = defaultProfile();
  profile.router.networkSystem = 'iproute2';
  profile.dad.strategy = 'disable';
  const files = renderTunnelIproute2(profile, derive(profile), { profileSource: 'netns-test' });
  const tunnelScript = files.find((f) => f.path === '/usr/local/sbin/v6wizard-tunnel');
  if (!tunnelScript) throw new Error('no tunnel script rendered');
  writeFileSync(join(dir, 'v6wizard-tunnel'), tunnelScript.content, { mode: 0o755 });
  writeFileSync(
    join(dir, 'ip'),
    [
      '#!/bin/sh',
      'case "$1 $2" in',
      '  "tunnel change"|"tunnel add") exit 0 ;;',
      '  "tunnel del") exec /usr/sbin/ip link del "$3" ;;',
      'esac',
      'exec /usr/sbin/ip "$@"',
    ].join('\n'),
  );
  chmodSync(join(dir, 'ip'), 0o755);
  expect(spawnSync('ip', ['netns', 'add', NS]).status).toBe(0);
  must('ip', 'link', 'set', 'lo', 'up');
  // veth pairs with both ends here (this kernel has no dummy module either).
  must('ip', 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1-peer');
  must('ip', 'link', 'set', 'eth1-peer', 'up');
  must('ip', 'link', 'set', 'eth1', 'up');
  must('ip', 'link', 'add', 'he-ipv6', 'type', 'veth', 'peer', 'name', 'he-peer');
  // Seed 003: the router's LAN address already there as a /128 (added by hand, or by an older script).
  must('ip', '-6', 'addr', 'add', '2001:db8:1::1/128', 'dev', 'eth1', 'nodad');
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', NS]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the iproute2 tunnel script on a real kernel (a veth stands in for sit)', () => {
  it('up replaces an address that has another prefix length, so the LAN /64 gets its on-link route', () => {
    const r = script('up');
    expect(r.status, r.out).toBe(0);
    expect(lanAddresses()).toEqual(['2001:db8:1::1/64']);
    expect(must('ip', '-6', 'route', 'show', 'dev', 'eth1')).toMatch(/^2001:db8:1::\/64 proto kernel/m);
  });

  it('routes the unused rest of the routed /48 to "unreachable", and the LAN /64 still to the LAN', () => {
    expect(must('ip', '-6', 'route', 'show', 'type', 'unreachable')).toMatch(
      /^unreachable 2001:db8:1::\/48 /m,
    );
    // Without it the lookup would find the default route into the tunnel.
    const unused = inNs('ip', '-6', 'route', 'get', '2001:db8:1:99::1');
    expect(unused.status).toBe(2);
    expect(unused.out).toContain('No route to host');
    expect(must('ip', '-6', 'route', 'get', '2001:db8:1::5')).toMatch(/dev eth1/);
  });

  it('keeps the LAN address across an administrator down/up of the LAN', () => {
    expect(must('sysctl', '-n', 'net.ipv6.conf.eth1.keep_addr_on_down').trim()).toBe('1');
    must('ip', 'link', 'set', 'eth1', 'down');
    must('ip', 'link', 'set', 'eth1', 'up');
    expect(lanAddresses()).toEqual(['2001:db8:1::1/64']);
  });

  it('down removes the address whatever its length, the unreachable route and the tunnel, and finishes', () => {
    must('ip', '-6', 'addr', 'del', '2001:db8:1::1/64', 'dev', 'eth1');
    must('ip', '-6', 'addr', 'add', '2001:db8:1::1/128', 'dev', 'eth1', 'nodad');
    const r = script('down');
    expect(r.status, r.out).toBe(0);
    expect(lanAddresses()).toEqual([]);
    expect(must('ip', '-6', 'route', 'show', 'type', 'unreachable')).not.toContain('2001:db8:1::/48');
    expect(inNs('ip', 'link', 'show', 'dev', 'he-ipv6').status).not.toBe(0);
    const again = script('down');
    expect(again.status, again.out).toBe(0);
  });
});
