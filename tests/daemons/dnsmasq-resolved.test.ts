import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSsListeners } from '../../shared/detect/listeners';
import { defaultProfile } from '../../shared/profile/defaults';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';

/**
 * dnsmasq beside systemd-resolved, with the real dnsmasq in network namespaces: a router namespace
 * where a stand-in for resolved's stub holds 127.0.0.53:53 and 127.0.0.54:53 (UDP and TCP, with
 * SO_REUSEADDR, as resolved-dns-stub.c binds them), and a LAN pc namespace with dhclient. The rendered
 * file must pass `dnsmasq --test`, start, and hand the pc a DHCPv6 address; the same file without its
 * DNS lines (the rendering before) must fail exactly as on Ubuntu: "Address already in use".
 */
const ID = `${process.pid}`;
const ROUTER = `v6wdnsr${ID}`;
const PC = `v6wdnsp${ID}`;
const work = mkdtempSync(join(tmpdir(), 'v6w-dnsmasq-'));
const children: ChildProcess[] = [];

function run(argv: string[], timeout = 20_000): { status: number | null; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function must(...argv: string[]): string {
  const r = run(argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.out}`);
  return r.out;
}
const inNs = (ns: string, ...argv: string[]): string[] => ['ip', 'netns', 'exec', ns, ...argv];

/** The resolved stand-in: binds like resolved, prints "ready" once every socket is bound. */
const STUB = `
const dgram = require('node:dgram'), net = require('node:net');
let n = 0; const done = () => { if (++n === 4) console.log('ready'); };
for (const a of ['127.0.0.53', '127.0.0.54']) {
  dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(53, a, done);
  net.createServer().listen(53, a, done);
}`;

function startStub(): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', ROUTER, process.execPath, '-e', STUB], { stdio: 'pipe' });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => {
      reject(new Error(`the stub exited (${String(code)})`));
    });
  });
}

beforeAll(async () => {
  must('ip', 'netns', 'add', ROUTER);
  must('ip', 'netns', 'add', PC);
  for (const ns of [ROUTER, PC]) {
    // Settled addresses at once: link-local addresses in DAD would keep dhclient from sending.
    must(...inNs(ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.default.accept_dad=0'));
    must('ip', '-n', ns, 'link', 'set', 'lo', 'up');
  }
  const lan = defaultProfile().router.lanInterface;
  must('ip', '-n', ROUTER, 'link', 'add', lan, 'type', 'veth', 'peer', 'name', 'pc0', 'netns', PC);
  must('ip', '-n', ROUTER, 'link', 'set', lan, 'up');
  must('ip', '-n', PC, 'link', 'set', 'pc0', 'up');
  must('ip', '-n', ROUTER, 'addr', 'add', `${derive(defaultProfile()).lanRouter}/64`, 'dev', lan, 'nodad');
  await startStub();
}, 30_000);

afterAll(() => {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null) c.kill();
  for (const ns of [ROUTER, PC]) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(work, { recursive: true, force: true });
});

function dnsmasqProfile(routerIsDns: boolean): Profile {
  const p = structuredClone(defaultProfile());
  p.dhcpv6.server = 'dnsmasq';
  p.dhcpv6.mode = 'stateful';
  p.dhcpv6.dnsServers = routerIsDns ? [derive(p).lanRouter] : ['2001:4860:4860::8888'];
  return p;
}

function dnsmasqFile(p: Profile, name: string, strip = false): string {
  const f = render(p).find((x) => x.path === '/etc/dnsmasq.d/v6wizard-dhcpv6.conf');
  if (!f) throw new Error('no dnsmasq file rendered');
  const content = strip ? f.content.replace(/^(port=0|bind-interfaces|interface=.*)\n/gm, '') : f.content;
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

/** dnsmasq in the foreground in the router namespace, as the service runs it, with its own files. */
function startDnsmasq(
  conf: string,
  name: string,
): { child: ChildProcess; exited: Promise<number | null>; log: () => string } {
  let log = '';
  const child = spawn(
    'ip',
    inNs(
      ROUTER,
      'dnsmasq',
      '--keep-in-foreground',
      `--conf-file=${conf}`,
      `--pid-file=${join(work, `${name}.pid`)}`,
      `--dhcp-leasefile=${join(work, `${name}.leases`)}`,
      '--log-facility=-',
      '--log-dhcp',
    ).slice(1),
    { stdio: 'pipe' },
  );
  children.push(child);
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, log: () => log };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** dhclient -6 once from the pc; returns the address it leased (or undefined) and what it said. */
function lease(name: string): { address: string | undefined; out: string } {
  const leases = join(work, `pc-${name}.leases`);
  const r = run(
    inNs(
      PC,
      'timeout',
      '25',
      'dhclient',
      '-6',
      '-1',
      '-v',
      '-lf',
      leases,
      '-pf',
      join(work, `pc-${name}.pid`),
      '-sf',
      '/bin/true',
      'pc0',
    ),
    30_000,
  );
  spawnSync('ip', inNs(PC, 'dhclient', '-6', '-x', '-pf', join(work, `pc-${name}.pid`)).slice(1));
  let text = '';
  try {
    text = readFileSync(leases, 'utf8');
  } catch {
    text = '';
  }
  return { address: /iaaddr ([0-9a-f:]+)/.exec(text)?.[1], out: r.out };
}

describe('dnsmasq beside a systemd-resolved stub on 127.0.0.53:53', () => {
  it('the stub holds port 53 on 127.0.0.53 and 127.0.0.54, as ss shows it to detect', () => {
    const ls = parseSsListeners(must(...inNs(ROUTER, 'ss', '-Hlnptu', 'sport = :53')));
    expect(new Set(ls.map((l) => `${l.proto} ${l.address}`))).toEqual(
      new Set(['udp 127.0.0.53', 'udp 127.0.0.54', 'tcp 127.0.0.53', 'tcp 127.0.0.54']),
    );
  });

  it('the rendering before (no DNS lines) fails to start: Address already in use', async () => {
    const conf = dnsmasqFile(dnsmasqProfile(false), 'old.conf', true);
    expect(readFileSync(conf, 'utf8')).not.toMatch(/^(port|bind-interfaces|interface)=?/m);
    // The syntax check cannot see it; only starting does.
    expect(run(inNs(ROUTER, 'dnsmasq', '--test', `--conf-file=${conf}`)).status).toBe(0);
    const d = startDnsmasq(conf, 'old');
    const code = await Promise.race([d.exited, settle(10_000).then(() => 'running')]);
    expect(code, d.log()).not.toBe('running');
    expect(code).not.toBe(0);
    expect(d.log()).toContain('failed to create listening socket for port 53: Address already in use');
  }, 20_000);

  for (const routerIsDns of [false, true]) {
    const name = routerIsDns ? 'lan' : 'off';
    it(`${routerIsDns ? 'DNS on the LAN only (bind-interfaces)' : 'DNS off (port=0)'}: starts and serves DHCPv6 to the pc`, async () => {
      const p = dnsmasqProfile(routerIsDns);
      const conf = dnsmasqFile(p, `${name}.conf`);
      expect(readFileSync(conf, 'utf8')).toMatch(routerIsDns ? /^bind-interfaces$/m : /^port=0$/m);
      expect(run(inNs(ROUTER, 'dnsmasq', '--test', `--conf-file=${conf}`)).out).toContain('syntax check OK');
      const d = startDnsmasq(conf, name);
      try {
        const early = await Promise.race([d.exited, settle(1500).then(() => 'running')]);
        expect(early, d.log()).toBe('running');
        const ls = parseSsListeners(must(...inNs(ROUTER, 'ss', '-Hlnptu', 'sport = :53')));
        const mine = ls.filter((l) => l.process === 'dnsmasq').map((l) => l.address);
        if (routerIsDns) {
          // On the LAN address and loopback's own, never the wildcard or resolved's stub addresses.
          expect(mine).toContain(derive(p).lanRouter);
          for (const a of ['0.0.0.0', '*', '::', '127.0.0.53', '127.0.0.54']) expect(mine).not.toContain(a);
        } else expect(mine).toEqual([]);
        const got = lease(name);
        expect(got.address, `${got.out}\n${d.log()}`).toBeDefined();
        const pool = (a: string) => BigInt(`0x${a.split(':').at(-1) ?? '0'}`);
        expect(got.address?.startsWith('2001:db8:1::')).toBe(true);
        expect(pool(got.address ?? '')).toBeGreaterThanOrEqual(0x1000n);
        expect(pool(got.address ?? '')).toBeLessThanOrEqual(0x1fffn);
      } finally {
        d.child.kill();
        await d.exited;
      }
    }, 60_000);
  }
});
