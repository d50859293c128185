import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inNs, vethBetween } from '../../tests/helpers/netns';
import { derive } from '../profile/derive';
import type { FirewallBackend, Profile } from '../profile/types';
import { renderFirewall } from './firewall';
import { AWKWARD_DESCRIPTION, firewallProfile } from '../../tests/helpers/firewall-fixtures';

/**
 * The rendered firewall, loaded by the rendered script into a real kernel, with real packets.
 *
 *   v6wfw-lan-PID  lan0 ── eth1     v6wfw-router-PID     he-ipv6 ── wan0  v6wfw-inet-PID
 *   LAN host 2001:db8:1::100       2001:db8:1::1 | 2001:db8:0:1::2       broker 2001:db8:0:1::1
 *                                                                        + "internet" 2001:db8:ff::80 on lo
 *
 * The router's tunnel side is a veth named like the tunnel (he-ipv6): this kernel has no sit module,
 * so a veth stands in for the 6in4 tunnel. The firewall only sees interface names and addresses, and
 * those are the same. The iptables binaries are the host's.
 */

const pid = process.pid;
/** The namespaces of one run of the packet checks; each backend gets its own set. */
const namespaces = (tag: string) => ({
  router: `v6wfw-router-${tag}-${pid}`,
  lan: `v6wfw-lan-${tag}-${pid}`,
  inet: `v6wfw-inet-${tag}-${pid}`,
  spare: `v6wfw-spare-${tag}-${pid}`,
});
const LAN_HOST = '2001:db8:1::100';
const ROUTER_LAN = '2001:db8:1::1';
const ROUTER_TUN = '2001:db8:0:1::2';
const BROKER = '2001:db8:0:1::1';
const INTERNET = '2001:db8:ff::80';
const ROUTER_V4 = '192.0.2.2';
/** The default profile's tunnel server. */
const BROKER_V4 = '192.0.2.1';
const STRANGER_V4 = '192.0.2.99';
/** An address in the routed /48 that no LAN of the router has. */
const UNUSED = '2001:db8:1:99::1';

function run(argv: string[], timeout = 10_000): { status: number | null; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout });
  // join() turns the null of a process that never started into ''.
  return { status: r.status, out: [r.stdout, r.stderr].join('') };
}
function must(argv: string[]): string {
  const r = run(argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.out}`);
  return r.out;
}

const LISTENER = `
const net = require('node:net'), dgram = require('node:dgram');
let pending = process.argv.length - 1;
const up = () => { if (--pending === 0) console.log('ready'); };
for (const spec of process.argv.slice(1)) {
  const [proto, host, port] = spec.split(',');
  if (proto === 'tcp') net.createServer((s) => { s.on('error', () => {}); s.end('hi'); }).listen(Number(port), host, up);
  else { const u = dgram.createSocket('udp6'); u.on('message', (m, r) => u.send(m, r.port, r.address)); u.bind(Number(port), host, up); }
}`;
const TCP_CLIENT = `
const [host, port, local] = process.argv.slice(1);
const s = require('node:net').connect({ host, port: Number(port), ...(local ? { localAddress: local } : {}) });
s.setTimeout(1500, () => process.exit(1));
s.on('connect', () => process.exit(0));
s.on('error', () => process.exit(2));`;
const UDP_CLIENT = `
const [host, port] = process.argv.slice(1);
const u = require('node:dgram').createSocket('udp6');
u.on('message', () => process.exit(0));
setTimeout(() => process.exit(1), 1500);
u.send('ping', Number(port), host);`;

const listeners: ChildProcess[] = [];
function listen(ns: string, specs: string[]): Promise<void> {
  const child = spawn('ip', inNs(ns, 'node', '-e', LISTENER, ...specs).slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  listeners.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`listener in ${ns} did not start`));
    }, 10_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      reject(new Error(`listener in ${ns} exited ${String(code)}: ${stderr}`));
    });
  });
}

/**
 * A TCP connect: 'open', 'dropped' (no answer at all: what a DROP rule does) or 'refused' (an answer
 * that is not a connection; e.g. nobody listening). Tests expect 'dropped', not just "not open", so a
 * dead listener cannot pass for a working firewall.
 */
function tcp(ns: string, host: string, port: number, local?: string): 'open' | 'dropped' | 'refused' {
  const status = run(
    inNs(ns, 'node', '-e', TCP_CLIENT, host, String(port), ...(local ? [local] : [])),
    5_000,
  ).status;
  return status === 0 ? 'open' : status === 1 ? 'dropped' : 'refused';
}
const udpOk = (ns: string, host: string, port: number): boolean =>
  run(inNs(ns, 'node', '-e', UDP_CLIENT, host, String(port)), 5_000).status === 0;
/**
 * The MSS a TCP connection from `ns` to host:port ends up with, as the connecting side's kernel sees
 * it (`ss`'s mss: the smaller of its own and the one in the peer's SYN-ACK).
 */
const MSS_CLIENT = `
const [host, port] = process.argv.slice(1);
const s = require('node:net').connect({ host, port: Number(port) });
s.setTimeout(1500, () => process.exit(1));
s.on('error', () => process.exit(2));
s.on('connect', () => {
  const out = require('node:child_process').spawnSync('ss', ['-Htin', 'dst', '[' + host + ']:' + port], { encoding: 'utf8' }).stdout;
  console.log(/\\bmss:(\\d+)/.exec(out)?.[1] ?? 'none');
  process.exit(0);
});`;
function mss(ns: string, host: string, port: number): string {
  return run(inNs(ns, 'node', '-e', MSS_CLIENT, host, String(port)), 5_000).out.trim();
}

/**
 * Raw IPv4 protocol-41 packets (a 6in4 header's worth of zeros): this kernel has no sit module, so a
 * raw socket stands in for a tunnel endpoint. The receiver sees what got past the router's input hook.
 */
const PROTO41_RECEIVE = `
import socket, sys, select
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 41)
print('ready', flush=True)
seen = set()
# Up to 15 s for the first packet (a loaded machine starts the sender slowly), then 1 s of quiet.
wait = 15.0
while select.select([s], [], [], wait)[0]:
    seen.add(s.recvfrom(2048)[1][0])
    wait = 1.0
print(' '.join(sorted(seen)), flush=True)`;
const PROTO41_SEND = `
import socket, sys
for src in sys.argv[2:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 41)
    s.bind((src, 0))
    s.sendto(bytes(40), (sys.argv[1], 0))`;
async function proto41Arrivals(router: string, inet: string, to: string, from: string[]): Promise<string[]> {
  const receiver = spawn('ip', inNs(router, 'python3', '-c', PROTO41_RECEIVE).slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  receiver.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the protocol-41 receiver did not start: ${out}`));
    }, 5_000);
    receiver.stdout.on('data', () => {
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  must(inNs(inet, 'python3', '-c', PROTO41_SEND, to, ...from));
  await new Promise((resolve) => receiver.on('exit', resolve));
  // Every call sends from the broker, whose packets always pass: an empty list means the receiver
  // missed them, not the firewall.
  return out
    .replace('ready', '')
    .trim()
    .split(' ')
    .filter((a) => a !== '');
}

/** How many ICMPv6 packet-too-big messages for the unused subnet came back out of the router's tunnel. */
function loopedErrors(inet: string): number {
  const counted = must(inNs(inet, 'nft', 'list', 'chain', 'inet', 'looped', 'count'));
  return Number(/packets (\d+)/.exec(counted)?.[1] ?? 'NaN');
}
const SEND_TOO_BIG = `
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
# type 2 (packet too big), code 0, checksum filled by the kernel, MTU 1280, and a piece of a packet
s.sendto(bytes([2, 0, 0, 0, 0, 0, 5, 0]) + bytes(48), (sys.argv[1], 0))`;

/** What a connected UDP socket hears back from a port nothing listens on: the ICMPv6 error, or nothing. */
const UDP_PROBE = `
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(1.5)
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b'probe')
try:
    s.recv(64); print('answer')
except ConnectionRefusedError: print('port unreachable')
except PermissionError: print('prohibited')
except socket.timeout: print('no answer')`;
const udpAnswer = (ns: string, host: string, port: number): string =>
  run(inNs(ns, 'python3', '-c', UDP_PROBE, host, String(port)), 5_000).out.trim();

const pingOk = (ns: string, host: string): boolean =>
  run(inNs(ns, 'ping', '-6', '-n', '-c1', '-W1', host), 5_000).status === 0;

const dirs: string[] = [];
/** Writes the rendered rule files and script to a temp folder; returns how to run the script. */
function install(profile: Profile): (action: string, ns: string) => { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'v6wfw-rules-'));
  dirs.push(dir);
  let script = '';
  for (const f of renderFirewall(profile, derive(profile), { profileSource: 'netns-test' })) {
    if (f.path.endsWith('.service')) continue;
    writeFileSync(join(dir, basename(f.path)), f.content, { mode: f.mode });
    if (f.path.startsWith('/usr/local/sbin/')) script = join(dir, basename(f.path));
  }
  return (action, ns) => run(inNs(ns, 'env', `V6WIZARD_RULES_DIR=${dir}`, 'bash', script, action));
}

function sysctls(ns: string, forwarding: boolean): void {
  const settings = ['net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0'];
  if (forwarding) settings.push('net.ipv6.conf.all.forwarding=1');
  must(inNs(ns, 'sysctl', '-q', '-w', ...settings));
  must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
}

/** Counts that must not change when the firewall is loaded again. */
function ruleCounts(
  ns: string,
  backend: 'nft' | 'legacy',
): { v6: number; v6jumps: number; v4: number; jumps: number; chain: number } {
  const v6rules = must(inNs(ns, `ip6tables-${backend}-save`, '-t', 'filter'))
    .split('\n')
    .filter((l) => l.startsWith('-A '));
  const v4rules = must(inNs(ns, `iptables-${backend}`, '-w', '-S')).split('\n');
  return {
    v6: v6rules.length,
    v6jumps: v6rules.filter((l) => /^-A (INPUT -j V6WIZARD-INPUT|FORWARD -j V6WIZARD-FORWARD)$/.test(l))
      .length,
    v4: v4rules.filter((l) => l.startsWith('-A ')).length,
    jumps: v4rules.filter((l) => l === '-A INPUT -j V6WIZARD-PROTO41').length,
    chain: v4rules.filter((l) => l.startsWith('-A V6WIZARD-PROTO41 ')).length,
  };
}

const openBase = firewallProfile((p) => {
  p.router.management = { sshPort: 22, fromLan: true, allowFrom: ['2001:db8:ff::/64'] };
  p.firewall.allowEchoFromInternet = true;
  p.firewall.openings = [
    { host: LAN_HOST, protocol: 'tcp', port: 8443, description: AWKWARD_DESCRIPTION },
    { host: LAN_HOST, protocol: 'udp', port: 51820, description: 'wireguard' },
  ];
});
const closedBase = firewallProfile((p) => {
  p.firewall.allowEchoFromInternet = false;
});

const BACKENDS = [
  ['iptables-nft', 'ipt'],
  ['nftables', 'nft'],
] as const;

/** v6wizard's loaded rules, without counters: equal before and after a second load. */
function loadedRules(ns: string, backend: FirewallBackend): string {
  if (backend === 'nftables') return must(inNs(ns, 'nft', 'list', 'table', 'inet', 'v6wizard'));
  const flavour = backend === 'iptables-nft' ? 'nft' : 'legacy';
  return [
    must(inNs(ns, `ip6tables-${flavour}-save`, '-t', 'filter')),
    must(inNs(ns, `iptables-${flavour}-save`, '-t', 'filter')),
  ]
    .join('')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/, ''))
    .join('\n');
}

describe.each(BACKENDS)('firewall in network namespaces (real kernel, %s)', (backend, tag) => {
  const NS = namespaces(tag);
  const withBackend = (p: Profile): Profile => ({ ...p, router: { ...p.router, firewallBackend: backend } });
  const openProfile = withBackend(openBase);
  const closedProfile = withBackend(closedBase);

  beforeAll(async () => {
    for (const ns of Object.values(NS)) must(['ip', 'netns', 'add', ns]);
    sysctls(NS.router, true);
    sysctls(NS.lan, false);
    // Without TCP timestamps, ss's mss is the negotiated MSS itself (not 12 bytes less).
    must(inNs(NS.lan, 'sysctl', '-q', '-w', 'net.ipv4.tcp_timestamps=0'));
    sysctls(NS.inet, false);
    sysctls(NS.spare, false);
    must(vethBetween(NS.router, 'eth1', NS.lan, 'lan0'));
    must(vethBetween(NS.router, 'he-ipv6', NS.inet, 'wan0'));
    const setup: [string, string[]][] = [
      [NS.router, ['link', 'set', 'eth1', 'up']],
      [NS.router, ['link', 'set', 'he-ipv6', 'up']],
      [NS.router, ['addr', 'add', `${ROUTER_LAN}/64`, 'dev', 'eth1', 'nodad']],
      [NS.router, ['addr', 'add', `${ROUTER_TUN}/64`, 'dev', 'he-ipv6', 'nodad']],
      [NS.router, ['-6', 'route', 'add', 'default', 'via', BROKER, 'dev', 'he-ipv6']],
      [NS.lan, ['link', 'set', 'lan0', 'up']],
      [NS.lan, ['addr', 'add', `${LAN_HOST}/64`, 'dev', 'lan0', 'nodad']],
      [NS.lan, ['-6', 'route', 'add', 'default', 'via', ROUTER_LAN]],
      [NS.inet, ['link', 'set', 'wan0', 'up']],
      [NS.inet, ['addr', 'add', `${BROKER}/64`, 'dev', 'wan0', 'nodad']],
      [NS.inet, ['addr', 'add', `${INTERNET}/128`, 'dev', 'lo']],
      [NS.inet, ['-6', 'route', 'add', '2001:db8:1::/48', 'via', ROUTER_TUN]],
      // IPv4 on the tunnel's veth for the protocol-41 checks: the broker (the profile's server) and a stranger.
      [NS.router, ['addr', 'add', `${ROUTER_V4}/24`, 'dev', 'he-ipv6']],
      [NS.inet, ['addr', 'add', `${BROKER_V4}/24`, 'dev', 'wan0']],
      [NS.inet, ['addr', 'add', `${STRANGER_V4}/24`, 'dev', 'wan0']],
    ];
    for (const [ns, args] of setup) must(['ip', '-n', ns, ...args]);
    await Promise.all([
      listen(NS.lan, ['tcp,::,8443', 'tcp,::,8080', 'udp,::,51820', 'udp,::,51821']),
      listen(NS.router, ['tcp,::,22', 'tcp,::1,631', 'tcp,::,8080']),
      listen(NS.inet, ['tcp,::,80']),
    ]);
    // Without a firewall everything is reachable: proves the topology, so a "blocked" below means the rules.
    expect(tcp(NS.inet, LAN_HOST, 8080)).toBe('open');
    expect(pingOk(NS.inet, LAN_HOST)).toBe(true);
    expect(tcp(NS.lan, ROUTER_LAN, 8081)).toBe('refused');
    expect(udpAnswer(NS.lan, ROUTER_LAN, 9)).toBe('port unreachable');
    // No clamping yet: the LAN's 1500-byte link gives 1440.
    expect(mss(NS.lan, INTERNET, 80)).toBe('1440');
    expect(await proto41Arrivals(NS.router, NS.inet, ROUTER_V4, [BROKER_V4, STRANGER_V4])).toEqual([
      BROKER_V4,
      STRANGER_V4,
    ]);
    // The loop: an error for an unused subnet of the /48 goes back out of the tunnel it came in by.
    must(
      inNs(
        NS.inet,
        'nft',
        'add table inet looped; add chain inet looped count { type filter hook prerouting priority 0; }; ' +
          'add rule inet looped count ip6 daddr 2001:db8:1:99::/64 icmpv6 type packet-too-big counter',
      ),
    );
    must(inNs(NS.inet, 'python3', '-c', SEND_TOO_BIG, UNUSED));
    expect(loopedErrors(NS.inet)).toBe(1);
  });

  afterAll(() => {
    for (const l of listeners) l.kill('SIGKILL');
    for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads with the rendered script, twice, without duplicating anything or touching other IPv4 rules', () => {
    const script = install(openProfile);
    // The person's own IPv4 rules, which --noflush must leave alone.
    must(
      inNs(NS.router, 'iptables-nft', '-w', '-A', 'INPUT', '-p', 'tcp', '--dport', '9999', '-j', 'ACCEPT'),
    );
    must(
      inNs(
        NS.router,
        'iptables-nft',
        '-w',
        '-t',
        'nat',
        '-A',
        'POSTROUTING',
        '-o',
        'eth1',
        '-j',
        'MASQUERADE',
      ),
    );
    const first = script('start', NS.router);
    expect(first.status, first.out).toBe(0);
    const once = loadedRules(NS.router, backend);
    const second = script('start', NS.router);
    expect(second.status, second.out).toBe(0);
    expect(loadedRules(NS.router, backend)).toBe(once);
    expect(must(inNs(NS.router, 'iptables-nft', '-w', '-S', 'INPUT'))).toContain(
      '-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT',
    );
    expect(must(inNs(NS.router, 'iptables-nft', '-w', '-t', 'nat', '-S'))).toContain(
      '-A POSTROUTING -o eth1 -j MASQUERADE',
    );
    if (backend === 'iptables-nft') {
      const counts = ruleCounts(NS.router, 'nft');
      expect(counts).toMatchObject({ jumps: 1, chain: 2, v6jumps: 2 });
      // The jump sits above the person's rule.
      expect(must(inNs(NS.router, 'iptables-nft', '-w', '-S', 'INPUT')).split('\n')[1]).toBe(
        '-A INPUT -j V6WIZARD-PROTO41',
      );
      // No built-in chain policy is set: the IPv6 filter table's own chains still accept.
      expect(must(inNs(NS.router, 'ip6tables-nft-save', '-t', 'filter'))).toMatch(/^:INPUT ACCEPT/m);
    } else {
      // One table of v6wizard's own; the iptables rules above are in theirs, untouched.
      expect(must(inNs(NS.router, 'nft', 'list', 'tables')).match(/inet v6wizard/g)).toHaveLength(1);
      expect(ruleCounts(NS.router, 'nft')).toMatchObject({ v6: 0, jumps: 0, chain: 0 });
    }
  });

  it('keeps a quoted description intact in the kernel', () => {
    if (backend === 'nftables') {
      // nft strings have no escape for a double quote: it arrives as a single quote, the rest intact.
      expect(loadedRules(NS.router, backend)).toContain(
        `comment "${AWKWARD_DESCRIPTION.replaceAll('"', "'")}"`,
      );
    } else {
      expect(must(inNs(NS.router, 'ip6tables-nft', '-w', '-n', '-L', 'V6WIZARD-FORWARD'))).toContain(
        `/* ${AWKWARD_DESCRIPTION} */`,
      );
    }
  });

  it('answers ping from the internet to the LAN and the router when allowed', () => {
    expect(pingOk(NS.inet, LAN_HOST)).toBe(true);
    expect(pingOk(NS.inet, ROUTER_TUN)).toBe(true);
  });

  it('drops unsolicited connections from the internet to the LAN unless an opening exists', () => {
    expect(tcp(NS.inet, LAN_HOST, 8443)).toBe('open');
    expect(tcp(NS.inet, LAN_HOST, 8080)).toBe('dropped');
    expect(udpOk(NS.inet, LAN_HOST, 51820)).toBe(true);
    expect(udpOk(NS.inet, LAN_HOST, 51821)).toBe(false);
  });

  it('lets the LAN out to the internet', () => {
    expect(tcp(NS.lan, INTERNET, 80)).toBe('open');
    expect(pingOk(NS.lan, INTERNET)).toBe(true);
  });

  it('accepts SSH from the LAN and from allowFrom sources, nothing else to the router', () => {
    expect(tcp(NS.lan, ROUTER_LAN, 22)).toBe('open');
    expect(tcp(NS.inet, ROUTER_TUN, 22, INTERNET)).toBe('open');
    expect(tcp(NS.inet, ROUTER_TUN, 22, BROKER)).toBe('dropped');
  });

  it('refuses at once from the LAN what it drops silently from the internet', () => {
    // A listener runs on the router's 8080: a refusal can only be the firewall's reset.
    expect(tcp(NS.lan, ROUTER_LAN, 8080)).toBe('refused');
    expect(tcp(NS.inet, ROUTER_TUN, 8080)).toBe('dropped');
    // UDP: "administratively prohibited" (EACCES to a connected socket) instead of the kernel's own
    // "port unreachable" it got before the firewall.
    expect(udpAnswer(NS.lan, ROUTER_LAN, 9)).toBe('prohibited');
    expect(udpAnswer(NS.inet, ROUTER_TUN, 9)).toBe('no answer');
  });

  it('clamps the MSS through the tunnel to the tunnel MTU minus 60', () => {
    expect(mss(NS.lan, INTERNET, 80)).toBe('1420');
  });

  it('takes protocol 41 from the broker only', async () => {
    expect(await proto41Arrivals(NS.router, NS.inet, ROUTER_V4, [BROKER_V4, STRANGER_V4])).toEqual([
      BROKER_V4,
    ]);
  });

  it('never passes an ICMPv6 error from the tunnel back into the tunnel', () => {
    const before = loopedErrors(NS.inet);
    must(inNs(NS.inet, 'python3', '-c', SEND_TOO_BIG, UNUSED));
    expect(loopedErrors(NS.inet)).toBe(before);
  });

  it('keeps [::1] working inside the router', () => {
    expect(tcp(NS.router, '::1', 631)).toBe('open');
  });

  it('stops answering ping from the internet when the profile says so, LAN ping still works', () => {
    const script = install(closedProfile);
    const r = script('start', NS.router);
    expect(r.status, r.out).toBe(0);
    expect(pingOk(NS.inet, LAN_HOST)).toBe(false);
    expect(pingOk(NS.inet, ROUTER_TUN)).toBe(false);
    expect(pingOk(NS.lan, ROUTER_LAN)).toBe(true);
    expect(pingOk(NS.lan, INTERNET)).toBe(true);
    // This profile has no openings: the earlier one is gone with the reload.
    expect(tcp(NS.inet, LAN_HOST, 8443)).toBe('dropped');
    if (backend === 'iptables-nft')
      expect(ruleCounts(NS.router, 'nft')).toMatchObject({ jumps: 1, v6jumps: 2 });
  });

  it("stop opens everything and removes only v6wizard's chains or table, leaving the other rules", () => {
    const r = install(closedProfile)('stop', NS.router);
    expect(r.status, r.out).toBe(0);
    expect(pingOk(NS.inet, LAN_HOST)).toBe(true);
    expect(tcp(NS.inet, LAN_HOST, 8080)).toBe('open');
    const v4 = must(inNs(NS.router, 'iptables-nft', '-w', '-S'));
    expect(v4).not.toContain('V6WIZARD-PROTO41');
    expect(v4).toContain('--dport 9999');
    expect(must(inNs(NS.router, 'nft', 'list', 'ruleset'))).not.toMatch(/V6WIZARD|inet v6wizard/);
  });

  // Defined for one backend only (not skipped for the other): the legacy tables are the same either way.
  if (backend === 'iptables-nft')
    it('legacy backend: loads twice without duplicates; --noflush empties only the declared chain', () => {
      const script = install(firewallProfile((p) => (p.router.firewallBackend = 'iptables-legacy')));
      must(
        inNs(
          NS.spare,
          'iptables-legacy',
          '-w',
          '-A',
          'INPUT',
          '-p',
          'tcp',
          '--dport',
          '9999',
          '-j',
          'ACCEPT',
        ),
      );
      // A stale rule in the chain (as from an older profile) must disappear on load, not pile up.
      must(inNs(NS.spare, 'iptables-legacy', '-w', '-N', 'V6WIZARD-PROTO41'));
      must(
        inNs(
          NS.spare,
          'iptables-legacy',
          '-w',
          '-A',
          'V6WIZARD-PROTO41',
          '-s',
          '198.51.100.99',
          '-p',
          '41',
          '-j',
          'ACCEPT',
        ),
      );
      const first = script('start', NS.spare);
      expect(first.status, first.out).toBe(0);
      const once = ruleCounts(NS.spare, 'legacy');
      expect(once).toMatchObject({ jumps: 1, chain: 2, v4: 4, v6jumps: 2 });
      expect(must(inNs(NS.spare, 'iptables-legacy', '-w', '-S', 'V6WIZARD-PROTO41'))).not.toContain(
        '198.51.100.99',
      );
      expect(once.v6).toBeGreaterThan(20);
      const second = script('start', NS.spare);
      expect(second.status, second.out).toBe(0);
      expect(ruleCounts(NS.spare, 'legacy')).toEqual(once);
    });
});
