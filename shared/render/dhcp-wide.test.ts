import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { DhcpMode, Profile } from '../profile/types';
import { renderDhcp } from './dhcp';

/**
 * WIDE dhcp6s has no configuration-test mode, so the real daemon is started on the rendered file in
 * a throwaway network namespace whose LAN interface has the profile's name and the router's address,
 * runs in the foreground with debug output for two seconds, and must neither exit nor log a parse
 * or configuration error. Its DUID file is written to a tmpfs in a private mount namespace, so the
 * host's /var/lib/dhcpv6 is never touched.
 */
const PARSE_ERROR = /yyerror|syntax error|parse failure|failed to parse|configuration failed|invalid/i;

function wideProfile(mode: DhcpMode): Profile {
  const p = structuredClone(defaultProfile());
  p.router.lanInterface = 'lan-br0';
  p.dhcpv6.server = 'wide-dhcp6s';
  p.dhcpv6.mode = mode;
  p.dhcpv6.dnsServers = ['2001:db8:1::53', '2001:db8:1::54'];
  p.dhcpv6.domainSearch = ['home.example', 'example.org'];
  p.dhcpv6.reservations = [
    { name: 'nas', duid: '00:01:00:01:2c:3d:4e:5f:52:54:00:12:34:56', address: '2001:db8:1::10' },
    { name: 'pc', duid: '00:01:00:01:29:aa:bb:cc:00:15:5d:01:02:03', iaid: 7, address: '2001:db8:1::20' },
  ];
  return p;
}

function ip(...args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr}`);
}

let counter = 0;

/** Run dhcp6s on `conf` for `ms` in a fresh namespace; report whether it was still up, and its output. */
async function runDhcp6s(
  conf: string,
  lanInterface: string,
  routerAddress: string,
  ms = 2000,
): Promise<{ alive: boolean; output: string }> {
  const ns = `v6wwide${process.pid}x${counter++}`;
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-wide-'));
  const file = join(dir, 'dhcp6s.conf');
  writeFileSync(file, conf);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'add', lanInterface, 'type', 'veth', 'peer', 'name', 'v6wpeer');
    ip('-n', ns, 'link', 'set', lanInterface, 'up');
    ip('-n', ns, 'link', 'set', 'v6wpeer', 'up');
    ip('-n', ns, 'addr', 'add', `${routerAddress}/64`, 'dev', lanInterface, 'nodad');
    const script =
      'mount -t tmpfs tmpfs /var/lib/dhcpv6 && exec dhcp6s -c "$1" -dDf -k /dev/null -P "$2" "$3"';
    const argv = [
      'netns',
      'exec',
      ns,
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      'sh',
      file,
      join(dir, 'pid'),
      lanInterface,
    ];
    const proc = spawn('ip', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) =>
      proc.on('exit', () => {
        resolve();
      }),
    );
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, ms))]);
    const alive = proc.exitCode === null && proc.signalCode === null;
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    return { alive, output };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function confOf(p: Profile): string {
  const f = renderDhcp(p, derive(p), { profileSource: p.name }).find(
    (x) => x.path === '/etc/wide-dhcpv6/dhcp6s.conf',
  );
  if (!f) throw new Error('dhcp6s.conf was not rendered');
  return f.content;
}

describe('WIDE dhcp6s runs on the rendered configuration', () => {
  for (const mode of ['stateless', 'stateful'] as const) {
    it(`${mode}: dhcp6s starts, parses everything and stays up`, async () => {
      const p = wideProfile(mode);
      const { alive, output } = await runDhcp6s(confOf(p), p.router.lanInterface, derive(p).lanRouter);
      expect(output, output).not.toMatch(PARSE_ERROR);
      expect(alive, output).toBe(true);
      if (mode === 'stateful') {
        expect(output).toContain('create_pool: name=v6wizard, range=2001:db8:1::1000->2001:db8:1::1fff');
        expect(output).toContain("pool 'v6wizard' is specified to the interface 'lan-br0'");
        expect(output).toContain('configure DUID for pc: 00:01:00:01:29:aa:bb:cc:00:15:5d:01:02:03');
      }
    });
  }

  it('the check can fail: a broken configuration is reported and dhcp6s exits', async () => {
    const p = wideProfile('stateful');
    const broken = confOf(p).replace('range 2001:db8:1::1000 to', 'range 2001:db8:1::1000 until');
    const { alive, output } = await runDhcp6s(broken, p.router.lanInterface, derive(p).lanRouter);
    expect(output).toMatch(PARSE_ERROR);
    expect(alive).toBe(false);
  });
});
