import { parseV6, parseV6Prefix, prefixContains, v6ToBig } from '../../shared/net/addr';
import type { CheckResult, Exec } from './types';

/**
 * The self-test's checks, written against `Exec` so the fast lab (namespaces) and the VM lab (over
 * ssh) run the very same ones. Every check returns PASS/FAIL with what it saw; none throws for a
 * failed expectation. Arguments that reach a command are lab values (addresses the check parsed,
 * interface names the lab chose) and always travel as separate argv entries, never in a shell string.
 */

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Global IPv6 addresses on a host as `ADDRESS/LEN flags…`, one per entry. */
async function globalAddresses(
  host: Exec,
  iface?: string,
): Promise<{ address: string; length: number; flags: string }[]> {
  const r = await host([
    'ip',
    '-6',
    '-o',
    'addr',
    'show',
    ...(iface !== undefined ? ['dev', iface] : []),
    'scope',
    'global',
  ]);
  const out: { address: string; length: number; flags: string }[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /inet6 ([0-9a-f:]+)\/(\d+) (.*)$/.exec(line);
    if (m) out.push({ address: m[1]!, length: Number(m[2]), flags: m[3]!.split('\\')[0]!.trim() });
  }
  return out;
}

/**
 * A SLAAC address inside the LAN /64 on the pc: a /64 address the kernel marked `dynamic` (learned
 * from a router advertisement), no longer tentative. Polls until `timeoutMs`.
 */
export async function checkSlaac(
  pc: Exec,
  lanCidr: string,
  options: { iface?: string; timeoutMs?: number } = {},
): Promise<CheckResult & { address?: string }> {
  const name = 'SLAAC address in the LAN /64';
  const lan = parseV6Prefix(lanCidr);
  if (lan === undefined) return { name, pass: false, saw: `not a prefix: ${lanCidr}` };
  let seen: string[] = [];
  const until = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const all = await globalAddresses(pc, options.iface);
    seen = all.map((a) => `${a.address}/${a.length} ${a.flags}`.trim());
    const hit = all.find(
      (a) =>
        a.length === 64 &&
        /\bdynamic\b/.test(a.flags) &&
        !/\btentative\b/.test(a.flags) &&
        prefixContains(lan, a.address),
    );
    if (hit)
      return { name, pass: true, saw: `${hit.address}/64 (${oneLine(hit.flags)})`, address: hit.address };
    if (Date.now() > until) break;
    await sleep(250);
  }
  return {
    name,
    pass: false,
    saw: `no usable address in ${lanCidr}; global addresses: ${seen.join('; ') || 'none'}`,
  };
}

/** The router's link-local address on an interface (what the LAN's default route must point at). */
export async function linkLocalOf(host: Exec, iface: string): Promise<string | undefined> {
  const r = await host(['ip', '-6', '-o', 'addr', 'show', 'dev', iface, 'scope', 'link']);
  return /inet6 (fe80:[0-9a-f:]*)\//.exec(r.stdout)?.[1];
}

/** The pc's IPv6 default route goes via a link-local address (the router's, when given) — learned from RAs. */
export async function checkDefaultRoute(
  pc: Exec,
  routerLinkLocal?: string,
  options: { timeoutMs?: number } = {},
): Promise<CheckResult> {
  const name = "default route via the router's link-local address";
  let saw = '';
  const until = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const r = await pc(['ip', '-6', 'route', 'show', 'default']);
    saw = oneLine(r.stdout) || 'no IPv6 default route';
    const via = /via (fe80:[0-9a-f:]*)/.exec(r.stdout)?.[1];
    if (via !== undefined && (routerLinkLocal === undefined || via === routerLinkLocal)) {
      return {
        name,
        pass: true,
        saw: `${saw}${routerLinkLocal !== undefined ? ' (matches the router)' : ''}`,
      };
    }
    if (Date.now() > until) break;
    await sleep(250);
  }
  return {
    name,
    pass: false,
    saw: `${saw}${routerLinkLocal !== undefined ? `; expected via ${routerLinkLocal}` : ''}`,
  };
}

/** What dhclient -6 wrote in its lease file. */
export interface DhcpLease {
  addresses: string[];
  dnsServers: string[];
  domainSearch: string[];
  raw: string;
}

/** Read an ISC dhclient -6 lease file (the last lease block wins, as in dhclient). */
export function parseDhclientLease(text: string): DhcpLease {
  const last = text.lastIndexOf('lease6 {');
  const block = last >= 0 ? text.slice(last) : '';
  const addresses = [...block.matchAll(/iaaddr ([0-9a-f:]+) \{/g)].map((m) => m[1]!);
  const dns = /option dhcp6\.name-servers ([^;]+);/.exec(block)?.[1] ?? '';
  const search = /option dhcp6\.domain-search ([^;]+);/.exec(block)?.[1] ?? '';
  return {
    addresses,
    dnsServers: dns
      .split(',')
      .map((s) => parseV6(s.trim()))
      .filter((a): a is string => a !== undefined),
    domainSearch: [...search.matchAll(/"([^"]*)"/g)].map((m) => m[1]!),
    raw: block,
  };
}

/** The options dhclient handed to the lab's dhclient script (last answer wins). */
export function parseScriptOptions(text: string): { dnsServers: string[]; domainSearch: string[] } {
  const last = (key: string): string =>
    [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))]
      .map((m) => m[1]!)
      .filter((v) => v.trim() !== '')
      .pop() ?? '';
  return {
    dnsServers: last('dns')
      .split(/\s+/)
      .map((a) => parseV6(a))
      .filter((a): a is string => a !== undefined),
    domainSearch: last('search').split(/\s+/).filter(Boolean),
  };
}

export interface DhcpClientOptions {
  iface: string;
  /** stateful asks for an address (IA_NA); stateless only for options (Information-request, -S). */
  mode: 'stateful' | 'stateless';
  /** Where dhclient keeps its lease and pid file on the pc (a folder the lab owns). */
  leaseFile: string;
  pidFile: string;
  /**
   * The lab's dhclient script (tests/lab/fast/dhclient-script.sh, copied wherever the pc runs) and
   * the file it appends the received options to. A stateless answer reaches only the script, never
   * the lease file, so stateless needs both.
   */
  script?: { path: string; optionsFile: string };
  /** For stateful: the pool the address must come from. */
  pool?: { start: string; end: string };
  timeoutMs?: number;
}

/**
 * Run `dhclient -6 -1` once on the pc. Stateful: PASS when the lease file holds an address from the
 * pool (reservations in the examples are for other machines' DUIDs, so the pc gets a pool address).
 * Stateless: PASS when the server answered the Information-request with options. dhclient stays
 * running in the background after a stateful lease, as on a real client; the lab's teardown ends it.
 */
export async function checkDhcpLease(
  pc: Exec,
  o: DhcpClientOptions,
): Promise<CheckResult & { lease?: DhcpLease }> {
  const name =
    o.mode === 'stateful'
      ? 'DHCPv6 lease (address from the pool)'
      : 'DHCPv6 answer (stateless: options only)';
  if (o.mode === 'stateless' && o.script === undefined) {
    return { name, pass: false, saw: 'cannot see a stateless answer without the lab dhclient script' };
  }
  const run = await pc(
    [
      'dhclient',
      '-6',
      '-1',
      ...(o.mode === 'stateless' ? ['-S'] : []),
      '-lf',
      o.leaseFile,
      '-pf',
      o.pidFile,
      ...(o.script !== undefined
        ? ['-sf', o.script.path, '-e', `V6WIZARD_LAB_DHCP_OPTIONS=${o.script.optionsFile}`]
        : []),
      o.iface,
    ],
    { timeoutMs: o.timeoutMs ?? 30_000 },
  );
  if (run.code !== 0) {
    return { name, pass: false, saw: `dhclient -6 exited ${run.code}: ${oneLine(run.stderr).slice(-200)}` };
  }
  const lease = parseDhclientLease((await pc(['cat', o.leaseFile])).stdout);
  if (o.script !== undefined) {
    // The script saw the same options; for stateless it is the only place they are.
    const fromScript = parseScriptOptions((await pc(['cat', o.script.optionsFile])).stdout);
    if (lease.dnsServers.length === 0) lease.dnsServers = fromScript.dnsServers;
    if (lease.domainSearch.length === 0) lease.domainSearch = fromScript.domainSearch;
  }
  if (o.mode === 'stateless') {
    const pass = lease.dnsServers.length > 0 || lease.domainSearch.length > 0;
    return {
      name,
      pass,
      saw: pass
        ? `options: dns ${lease.dnsServers.join(', ') || '-'}; search ${lease.domainSearch.join(', ') || '-'}`
        : 'the server answered without DNS or search options',
      lease,
    };
  }
  const inPool = (a: string): boolean =>
    o.pool === undefined || (v6ToBig(a) >= v6ToBig(o.pool.start) && v6ToBig(a) <= v6ToBig(o.pool.end));
  const address = lease.addresses.find(inPool);
  const pool = o.pool !== undefined ? ` (pool ${o.pool.start} - ${o.pool.end})` : '';
  return {
    name,
    pass: address !== undefined,
    saw:
      address !== undefined
        ? `leased ${address}${pool}`
        : `addresses in the lease: ${lease.addresses.join(', ') || 'none'}${pool}`,
    lease,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]): string => [...new Set(l.map((x) => parseV6(x) ?? x))].sort().join(',');
  return norm(a) === norm(b);
}

/** The RDNSS servers in the router's advertisement, as the pc reads them with rdisc6. */
export async function checkRdnss(
  pc: Exec,
  iface: string,
  expected: readonly string[],
  lifetimeS?: number,
): Promise<CheckResult> {
  const name = `DNS servers in the router advertisement (RDNSS)${lifetimeS !== undefined ? `, lifetime ${lifetimeS} s` : ''}`;
  let saw: string[] = [];
  let lifetimes: string[] = [];
  // radvd rate-limits answers to solicitations (3 s apart), so a second try may be needed.
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await pc(['rdisc6', '-1', '-w', '3000', iface], { timeoutMs: 15_000 });
    saw = [...r.stdout.matchAll(/Recursive DNS server\s*:\s*([0-9a-f:]+)/g)].map((m) => m[1]!);
    lifetimes = [...r.stdout.matchAll(/DNS server lifetime\s*:\s*(\d+)/g)].map((m) => m[1]!);
    if (saw.length > 0) break;
  }
  const lifetimeOk =
    lifetimeS === undefined || (lifetimes.length > 0 && lifetimes.every((l) => Number(l) === lifetimeS));
  return {
    name,
    pass: saw.length > 0 && sameSet(saw, expected) && lifetimeOk,
    saw: `rdisc6 saw ${saw.join(', ') || 'no RDNSS'}${lifetimeS !== undefined ? ` (lifetime ${lifetimes.join(', ') || 'none'} s)` : ''}; expected ${expected.join(', ')}`,
  };
}

/** The DNS servers the DHCPv6 server handed out (from a lease that checkDhcpLease read). */
export function checkDhcpDns(lease: DhcpLease | undefined, expected: readonly string[]): CheckResult {
  const name = 'DNS servers over DHCPv6';
  const got = lease?.dnsServers ?? [];
  return {
    name,
    pass: got.length > 0 && sameSet(got, expected),
    saw: `lease lists ${got.join(', ') || 'no DNS servers'}; expected ${expected.join(', ')}`,
  };
}

async function ping(host: Exec, target: string, source?: string): Promise<{ ok: boolean; saw: string }> {
  let last = '';
  // The first echo may be spent on neighbour discovery along the way; three tries, each up to 2 s.
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await host(
      ['ping', '-6', '-n', '-c', '1', '-W', '2', ...(source !== undefined ? ['-I', source] : []), target],
      {
        timeoutMs: 10_000,
      },
    );
    const reply = /\d+ bytes from \S+ .*?time=[\d.]+ ms/.exec(r.stdout)?.[0];
    if (r.code === 0 && reply !== undefined) return { ok: true, saw: reply };
    last = oneLine(`${r.stdout} ${r.stderr}`).slice(-160) || `exit ${r.code}`;
  }
  return { ok: false, saw: last };
}

/** The pc reaches `target` (the lab's "internet" address) by ping. */
export async function checkPing(pc: Exec, target: string, source?: string): Promise<CheckResult> {
  const r = await ping(pc, target, source);
  return { name: `ping from the pc to the internet (${target})`, pass: r.ok, saw: r.saw };
}

/** Ping from the internet side to the pc: answered when the profile allows echo, unanswered otherwise. */
export async function checkPingAllowed(
  isp: Exec,
  pcAddress: string,
  expectAllowed = true,
): Promise<CheckResult> {
  const r = await ping(isp, pcAddress);
  return {
    name: `ping from the internet to the pc ${expectAllowed ? 'answered' : 'dropped'} (profile: echo ${expectAllowed ? 'allowed' : 'not allowed'})`,
    pass: r.ok === expectAllowed,
    saw: r.ok ? `answered: ${r.saw}` : `no answer: ${r.saw}`,
  };
}

/**
 * Open a TCP connection with bash's /dev/tcp (present wherever bash is, so no nc/python is needed in
 * the VM). The address and port are bash's positional parameters, not part of the script text.
 * 0 = connected, 124 = no answer within the time (dropped), other = refused or unreachable.
 */
async function tcpConnect(
  host: Exec,
  address: string,
  port: number,
  seconds: number,
): Promise<{ code: number; saw: string }> {
  const r = await host(
    ['timeout', String(seconds), 'bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'lab-tcp', address, String(port)],
    { timeoutMs: (seconds + 5) * 1000 },
  );
  return { code: r.code, saw: oneLine(r.stderr) };
}

/**
 * A TCP connection from the internet to the pc is dropped by the router: no answer at all. With no
 * listener on the pc, a SYN that got through would come back as "connection refused" at once, so a
 * silent timeout is the firewall's doing (checkPingAllowed proves the path itself works).
 */
export async function checkTcpDropped(isp: Exec, pcAddress: string, port: number): Promise<CheckResult> {
  const name = `TCP from the internet to the pc port ${port} dropped`;
  const r = await tcpConnect(isp, pcAddress, port, 3);
  if (r.code === 124) return { name, pass: true, saw: 'no answer in 3 s: the SYN was dropped' };
  if (r.code === 0) return { name, pass: false, saw: 'connected: the firewall let it through' };
  return { name, pass: false, saw: `answered (${r.saw || `exit ${r.code}`}): the SYN reached the pc` };
}

/** A TCP port on the router is reachable from the pc (the lock-out guard: SSH from the LAN stays open). */
export async function checkTcpOpen(
  pc: Exec,
  address: string,
  port: number,
  what: string,
): Promise<CheckResult> {
  const r = await tcpConnect(pc, address, port, 5);
  return {
    name: `${what} reachable from the pc ([${address}]:${port})`,
    pass: r.code === 0,
    saw:
      r.code === 0 ? 'connected' : r.code === 124 ? 'no answer in 5 s (dropped)' : r.saw || `exit ${r.code}`,
  };
}
