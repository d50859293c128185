import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inNs, vethBetween } from '../../tests/helpers/netns';
import { expectGolden } from '../../tests/helpers/golden';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import { renderRadvd } from './radvd';
import { renderTunnelWatch, WATCH } from './radvd-watch';
import type { RenderedFile } from './types';

const profile = defaultProfile();
const derived = derive(profile);
const files = renderTunnelWatch(profile, derived, { profileSource: 'watch-test' });
const fileAt = (path: string): RenderedFile => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f;
};

describe('the tunnel watch files', () => {
  it('are a script, its unit and a drop-in for radvd, all in the ra stage', () => {
    expect(files.map((f) => [f.path, f.stage, f.service])).toEqual([
      [WATCH.script, 'ra', undefined],
      ['/etc/systemd/system/v6wizard-tunnel-watch.service', 'ra', 'v6wizard-tunnel-watch'],
      [WATCH.dropin, 'ra', 'radvd'],
    ]);
  });

  it('match their golden files', () => {
    expectGolden('tunnel-watch', files);
  });

  it('the script passes shellcheck and sh -n', () => {
    const sc = spawnSync('shellcheck', ['--shell=sh', '-'], {
      input: fileAt(WATCH.script).content,
      encoding: 'utf8',
    });
    expect(sc.status, `${sc.stdout}${sc.stderr}`).toBe(0);
    expect(spawnSync('sh', ['-n', '-c', fileAt(WATCH.script).content]).status).toBe(0);
  });

  it("the unit and radvd's drop-in are read by systemd without a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6wwatch-units-'));
    try {
      // Debian's radvd unit, as far as the drop-in replaces it.
      writeFileSync(
        join(dir, 'radvd.service'),
        '[Service]\nType=forking\nExecStartPre=/usr/sbin/radvd --configtest\nExecStart=/usr/sbin/radvd\nPIDFile=/run/radvd.pid\n',
      );
      mkdirSync(join(dir, 'radvd.service.d'));
      // verify wants every command to exist: the script stands in as /bin/true, which does.
      const here = (f: RenderedFile): string => f.content.replaceAll(WATCH.script, '/bin/true');
      writeFileSync(join(dir, 'radvd.service.d', '60-v6wizard-watch.conf'), here(fileAt(WATCH.dropin)));
      writeFileSync(
        join(dir, 'v6wizard-tunnel-watch.service'),
        here(fileAt('/etc/systemd/system/v6wizard-tunnel-watch.service')),
      );
      for (const unit of ['radvd.service', 'v6wizard-tunnel-watch.service']) {
        const r = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, unit)], {
          encoding: 'utf8',
          env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` },
        });
        expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
        expect(`${r.stdout}${r.stderr}`.replace(/.*v6wizard-tunnel-watch.*is not executable.*\n?/g, '')).toBe(
          '',
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The watch with a real radvd, a real kernel and real pings, in network namespaces: the "tunnel" is a
 * veth to a broker namespace holding the broker's tunnel address, the LAN a veth to a host that asks
 * for router advertisements with rdisc6. Only systemctl is a stand-in (no systemd in a namespace): its
 * `reload radvd.service` sends radvd the HUP that Debian's unit sends.
 */
const pid = process.pid;
const NS = { router: `v6wwatch-r-${pid}`, broker: `v6wwatch-b-${pid}`, lan: `v6wwatch-l-${pid}` };
const dir = mkdtempSync(join(tmpdir(), 'v6wwatch-'));
const children: ChildProcess[] = [];
function must(argv: string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 15_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
/** The router lifetime in the RA the LAN host gets when it asks, in seconds. */
function routerLifetime(): number | undefined {
  const r = spawnSync('ip', inNs(NS.lan, 'rdisc6', '-1', '-w', '1500', 'lan0').slice(1), {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const m = /Router lifetime\s*:\s*(\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}
async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  for (const ns of Object.values(NS)) must(['ip', 'netns', 'add', ns]);
  must(vethBetween(NS.router, 'he-ipv6', NS.broker, 'tun0'));
  must(vethBetween(NS.router, 'eth1', NS.lan, 'lan0'));
  for (const ns of Object.values(NS))
    must(
      inNs(ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0'),
    );
  must(inNs(NS.router, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1'));
  const setup: [string, string[]][] = [
    [NS.router, ['link', 'set', 'he-ipv6', 'up']],
    [NS.router, ['link', 'set', 'eth1', 'up']],
    [NS.router, ['addr', 'add', `${derived.tunnelClient}/64`, 'dev', 'he-ipv6']],
    [NS.router, ['addr', 'add', `${derived.lanRouter}/64`, 'dev', 'eth1']],
    [NS.broker, ['link', 'set', 'tun0', 'up']],
    [NS.broker, ['addr', 'add', `${derived.tunnelServer}/64`, 'dev', 'tun0']],
    [NS.lan, ['link', 'set', 'lan0', 'up']],
  ];
  for (const [ns, args] of setup) must(['ip', '-n', ns, ...args]);
  // radvd's file as v6wizard renders it, the LAN renamed to this namespace's.
  const radvd = renderRadvd(profile, derived, { profileSource: 'watch-test' })[0]!;
  writeFileSync(join(dir, 'radvd.conf'), radvd.content, { mode: 0o644 });
  writeFileSync(
    join(dir, 'systemctl'),
    `#!/bin/sh\ncase "$*" in\n  "is-active --quiet radvd.service") exit 0 ;;\n  "--no-block reload radvd.service") kill -HUP "$(cat '${dir}/radvd.pid')" ;;\nesac\n`,
    { mode: 0o755 },
  );
  writeFileSync(join(dir, 'watch'), fileAt(WATCH.script).content, { mode: 0o755 });
  const env = {
    ...process.env,
    PATH: `${dir}:${process.env['PATH'] ?? ''}`,
    V6WIZARD_RADVD_CONF: join(dir, 'radvd.conf'),
    V6WIZARD_RUN_DIR: join(dir, 'run'),
    V6WIZARD_WATCH_INTERVAL: '0.5',
  };
  // As radvd's ExecStartPre does, then radvd on the file the watch writes.
  must([
    'env',
    `V6WIZARD_RADVD_CONF=${env.V6WIZARD_RADVD_CONF}`,
    `V6WIZARD_RUN_DIR=${env.V6WIZARD_RUN_DIR}`,
    'sh',
    join(dir, 'watch'),
    'radvd-config',
  ]);
  const daemon = spawn(
    'ip',
    inNs(
      NS.router,
      'radvd',
      '--nodaemon',
      '--logmethod',
      'stderr',
      '--config',
      join(dir, 'run', 'radvd.conf'),
      '--pidfile',
      join(dir, 'radvd-own.pid'),
    ).slice(1),
    { stdio: 'ignore' },
  );
  children.push(daemon);
  writeFileSync(join(dir, 'radvd.pid'), String(daemon.pid));
  children.push(
    spawn('ip', inNs(NS.router, 'sh', join(dir, 'watch'), 'watch').slice(1), { env, stdio: 'ignore' }),
  );
  await until(
    "radvd answers with the profile's router lifetime",
    () => routerLifetime() === profile.ra.defaultLifetimeSeconds,
    20_000,
  );
}, 60_000);

afterAll(async () => {
  // SIGTERM, so radvd takes its privilege-separation child with it; then anything still running from
  // this test's folder (other test files look for stray radvd processes).
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) {
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            c.kill('SIGKILL');
            resolve();
          }, 5_000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  spawnSync('pkill', ['-KILL', '-f', dir]);
  for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the tunnel watch with a real radvd (network namespaces)', () => {
  it('while the broker answers: the RA carries the router lifetime of the profile', () => {
    expect(routerLifetime()).toBe(profile.ra.defaultLifetimeSeconds);
    // No state file yet means up: the watch writes one at its first change.
    const state = join(dir, 'run', 'tunnel-state');
    expect(existsSync(state) ? readFileSync(state, 'utf8').trim() : 'up').toBe('up');
  });

  it('the broker stops answering: router lifetime 0, the prefix still advertised; /etc/radvd.conf untouched', async () => {
    const before = readFileSync(join(dir, 'radvd.conf'), 'utf8');
    must(['ip', '-n', NS.broker, 'link', 'set', 'tun0', 'down']);
    await until('router lifetime 0', () => routerLifetime() === 0, 30_000);
    const ra = spawnSync('ip', inNs(NS.lan, 'rdisc6', '-1', '-w', '1500', 'lan0').slice(1), {
      encoding: 'utf8',
    }).stdout;
    expect(ra).toContain(`Prefix                   : ${derived.lanCidr}`);
    expect(readFileSync(join(dir, 'radvd.conf'), 'utf8')).toBe(before);
  });

  it('the broker answers again: the router lifetime comes back', async () => {
    must(['ip', '-n', NS.broker, 'link', 'set', 'tun0', 'up']);
    // The kernel dropped the broker's address with the link; it comes back with it here.
    must(['ip', '-n', NS.broker, 'addr', 'replace', `${derived.tunnelServer}/64`, 'dev', 'tun0']);
    await until(
      'the router lifetime back',
      () => routerLifetime() === profile.ra.defaultLifetimeSeconds,
      30_000,
    );
  });
});
