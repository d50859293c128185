import { nthSubnet64 } from '../../../shared/net/addr';
import { derive } from '../../../shared/profile/derive';
import type { Profile } from '../../../shared/profile/types';
import type { CheckResult, Exec } from '../types';
import { inNamespace } from './example-setup';
import { LAB } from './lab-address';
import type { PersonalityName } from './personalities';
import type { Vm } from './vm';

/**
 * The routing and filtering a network engineer asks about (issue 12), checked on the router VM from
 * the LAN pc and the broker's side. Each leaves the lab as it found it (the counters it adds go again).
 */

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** A second IPv4 on the broker's side: a stranger that is not the tunnel server. */
const STRANGER_V4 = '203.0.113.99';

/** An nft counter's packet count in a table the check made. */
async function counted(exec: Exec, table: string, chain: string): Promise<number> {
  const r = await exec(['nft', 'list', 'chain', ...table.split(' '), chain]);
  return Number(/packets (\d+)/.exec(r.stdout)?.[1] ?? Number.NaN);
}

/**
 * An address in an unused /64 of the routed prefix (its last subnet; no example's LAN is the last),
 * asked from the broker's side: the router answers "unreachable" itself, and nothing goes back into the
 * tunnel (counted on the broker's end of it). Without the null route the broker and the router passed
 * such a packet back and forth until its hop limit ran out.
 */
export async function checkUnusedSubnet(vm: Vm, profile: Profile): Promise<CheckResult | undefined> {
  const d = derive(profile);
  if (d.routed.length >= 64) return undefined;
  const name =
    'a packet to an unused subnet of the routed prefix: "unreachable" from the router, none back into the tunnel';
  const last = nthSubnet64(d.routed, 2 ** (64 - d.routed.length) - 1);
  if (last === undefined || last.network === d.lan.network)
    return { name, pass: false, saw: 'no unused subnet found' };
  const target = `${last.network}99`;
  const isp = inNamespace(vm, 'isp');
  const table = 'ip6 v6wlooped';
  await isp(['nft', 'delete', 'table', ...table.split(' ')]);
  const made = await isp([
    'nft',
    `add table ${table}; add chain ${table} count { type filter hook prerouting priority -300; }; ` +
      `add rule ${table} count iifname "tun0" ip6 daddr ${last.network}/64 counter`,
  ]);
  if (made.code !== 0) return { name, pass: false, saw: `nft: ${oneLine(made.stderr)}` };
  try {
    const ping = await isp(['ping', '-6', '-n', '-c', '2', '-i', '0.5', '-W', '2', target], {
      timeoutMs: 15_000,
    });
    const unreachable = /Destination unreachable/i.test(ping.stdout);
    const back = await counted(isp, table, 'count');
    return {
      name,
      pass: unreachable && back === 0,
      saw: `${oneLine(ping.stdout).slice(0, 160)}; packets back out of the tunnel to ${last.network}/64: ${back}`,
    };
  } finally {
    await isp(['nft', 'delete', 'table', ...table.split(' ')]);
  }
}

/**
 * Protocol 41 from an IPv4 address that is not the tunnel server reaches the router (counted before
 * every filter) and is dropped (counted again after them: nothing). The stranger sends through a sit
 * tunnel of its own from a second address on the broker's side. Not under the nat personality, where
 * the consumer router in between forwards protocol 41 from the broker only.
 */
export async function checkProto41FromStranger(
  vm: Vm,
  personalities: readonly PersonalityName[],
): Promise<CheckResult | undefined> {
  if (personalities.includes('nat')) return undefined;
  const name = 'protocol 41 from an IPv4 address other than the tunnel server: dropped by the router';
  const isp = inNamespace(vm, 'isp');
  const table = 'ip v6wproto41';
  const setup: string[][] = [
    ['ip', 'addr', 'replace', `${STRANGER_V4}/${LAB.v4Length}`, 'dev', 'isp0'],
    [
      'ip',
      'tunnel',
      'add',
      'v6wrogue',
      'mode',
      'sit',
      'remote',
      LAB.routerV4,
      'local',
      STRANGER_V4,
      'ttl',
      '64',
    ],
    ['ip', 'link', 'set', 'v6wrogue', 'up'],
    ['ip', '-6', 'route', 'replace', '2001:db8:dead::1/128', 'dev', 'v6wrogue'],
  ];
  const cleanup = async (): Promise<void> => {
    await isp(['ip', 'tunnel', 'del', 'v6wrogue']);
    await isp(['ip', 'addr', 'del', `${STRANGER_V4}/${LAB.v4Length}`, 'dev', 'isp0']);
    await vm.exec(['nft', 'delete', 'table', ...table.split(' ')]);
  };
  try {
    for (const argv of setup) {
      const r = await isp(argv);
      if (r.code !== 0) return { name, pass: false, saw: `${argv.join(' ')}: ${oneLine(r.stderr)}` };
    }
    const rule = `ip saddr ${STRANGER_V4} ip protocol 41 counter`;
    const made = await vm.exec([
      'nft',
      `add table ${table}; ` +
        `add chain ${table} arrived { type filter hook input priority -300; }; add rule ${table} arrived ${rule}; ` +
        `add chain ${table} passed { type filter hook input priority 300; }; add rule ${table} passed ${rule}`,
    ]);
    if (made.code !== 0) return { name, pass: false, saw: `nft: ${oneLine(made.stderr)}` };
    await isp(['ping', '-6', '-n', '-c', '3', '-i', '0.3', '-W', '1', '2001:db8:dead::1'], {
      timeoutMs: 10_000,
    });
    const arrived = await counted(vm.exec, table, 'arrived');
    const passed = await counted(vm.exec, table, 'passed');
    return {
      name,
      pass: arrived >= 3 && passed === 0,
      saw: `${arrived} reached the router, ${passed} got past its filters`,
    };
  } finally {
    await cleanup();
  }
}

/**
 * A TCP connection from the pc to a router port nothing is opened for is refused at once (a reset),
 * not left to time out: the LAN side hears why (the internet side still hears nothing, checked by
 * checkTcpDropped).
 */
export async function checkLanRefused(pc: Exec, routerLan: string, port: number): Promise<CheckResult> {
  const started = performance.now();
  const r = await pc(
    ['timeout', '5', 'bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'lab-tcp', routerLan, String(port)],
    {
      timeoutMs: 10_000,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name: `TCP from the pc to a closed router port refused at once ([${routerLan}]:${port})`,
    pass: r.code !== 0 && r.code !== 124 && /refused/i.test(r.stderr) && seconds < 3,
    saw: `${r.code === 124 ? 'no answer in 5 s' : oneLine(r.stderr) || `exit ${r.code}`} after ${seconds.toFixed(1)} s`,
  };
}

/**
 * MSS clamping: a pc that ignores the MTU in the router advertisement (its link at 1500) opens a TCP
 * connection to the internet; the broker's side counts the SYN's MSS option: the tunnel MTU minus 60,
 * never more. The pc's own settings come back afterwards.
 */
export async function checkMssClamped(vm: Vm, profile: Profile): Promise<CheckResult> {
  const mss = profile.tunnel.mtu - 60;
  const name = `MSS of a SYN through the tunnel clamped to ${mss} (a pc that ignores the RA's MTU)`;
  const pc = inNamespace(vm, 'pc');
  const isp = inNamespace(vm, 'isp');
  const conf = `net.ipv6.conf.${LAB.pcInterface}`;
  const before = await pc(['sysctl', '-n', `${conf}.accept_ra_mtu`, `${conf}.mtu`]);
  const [acceptRaMtu, mtu] = before.stdout.trim().split('\n');
  const table = 'ip6 v6wmss';
  try {
    await pc(['sysctl', '-q', '-w', `${conf}.accept_ra_mtu=0`, `${conf}.mtu=1500`]);
    const made = await isp([
      'nft',
      `add table ${table}; add chain ${table} count { type filter hook prerouting priority -300; }; ` +
        `add rule ${table} count iifname "tun0" tcp dport ${LAB.tcpPort} tcp flags & (syn | ack) == syn tcp option maxseg size ${mss} counter; ` +
        `add chain ${table} above { type filter hook prerouting priority -300; }; ` +
        `add rule ${table} above iifname "tun0" tcp dport ${LAB.tcpPort} tcp flags & (syn | ack) == syn tcp option maxseg size > ${mss} counter`,
    ]);
    if (made.code !== 0) return { name, pass: false, saw: `nft: ${oneLine(made.stderr)}` };
    const c = await pc(
      [
        'timeout',
        '5',
        'bash',
        '-c',
        'exec 3<>"/dev/tcp/$1/$2"',
        'lab-tcp',
        LAB.internetV6,
        String(LAB.tcpPort),
      ],
      {
        timeoutMs: 10_000,
      },
    );
    const clamped = await counted(isp, table, 'count');
    const above = await counted(isp, table, 'above');
    return {
      name,
      pass: c.code === 0 && clamped >= 1 && above === 0,
      saw: `connect ${c.code === 0 ? 'ok' : `failed (${oneLine(c.stderr) || c.code})`}; SYNs with MSS ${mss}: ${clamped}, above: ${above}`,
    };
  } finally {
    await isp(['nft', 'delete', 'table', ...table.split(' ')]);
    if (acceptRaMtu !== undefined && mtu !== undefined)
      await pc(['sysctl', '-q', '-w', `${conf}.accept_ra_mtu=${acceptRaMtu}`, `${conf}.mtu=${mtu}`]);
  }
}

/**
 * iproute2 routers: an administrator takes the LAN down and up again; the router's LAN address is still
 * there afterwards (the kernel drops IPv6 addresses on down unless told to keep them).
 */
export async function checkLanDownUp(vm: Vm, profile: Profile): Promise<CheckResult | undefined> {
  if (profile.router.networkSystem !== 'iproute2') return undefined;
  const d = derive(profile);
  const lan = profile.router.lanInterface;
  const name = `LAN taken down and up by hand: the router's address ${d.lanRouter}/64 is still on ${lan}`;
  await vm.exec(['ip', 'link', 'set', 'dev', lan, 'down']);
  await vm.exec(['ip', 'link', 'set', 'dev', lan, 'up']);
  const r = await vm.exec(['ip', '-6', '-o', 'addr', 'show', 'dev', lan, 'to', `${d.lanRouter}/128`]);
  const address = /inet6 (\S+)/.exec(r.stdout)?.[1];
  return { name, pass: address === `${d.lanRouter}/64`, saw: address ?? 'gone' };
}

/** The router lifetime in the RA the pc gets when it asks (rdisc6), or undefined without an answer. */
async function routerLifetime(pc: Exec): Promise<number | undefined> {
  const r = await pc(['rdisc6', '-1', '-w', '3000', LAB.pcInterface], { timeoutMs: 15_000 });
  const m = /Router lifetime\s*:\s*(\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

async function waitForLifetime(
  pc: Exec,
  want: number,
  ms: number,
): Promise<{ ok: boolean; seconds: number; last: number | undefined }> {
  const start = performance.now();
  let last: number | undefined;
  while (performance.now() - start < ms) {
    last = await routerLifetime(pc);
    if (last === want) return { ok: true, seconds: (performance.now() - start) / 1000, last };
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { ok: false, seconds: (performance.now() - start) / 1000, last };
}

/**
 * Tunnel health feeds the RAs: the broker's side drops every protocol-41 packet (the tunnel is cut
 * both ways, nothing else changes), the pc then hears router lifetime 0 (the watch needs three lost
 * pings, 5 s apart), and once the cut ends the profile's lifetime again.
 */
export async function checkRaFollowsTunnel(vm: Vm, profile: Profile): Promise<CheckResult> {
  const name =
    'the tunnel cut at the broker: the pc hears router lifetime 0, and the lifetime again once it works';
  const pc = inNamespace(vm, 'pc');
  const isp = inNamespace(vm, 'isp');
  const table = 'ip v6wcut';
  const want = profile.ra.defaultLifetimeSeconds;
  try {
    const made = await isp([
      'nft',
      `add table ${table}; ` +
        `add chain ${table} in { type filter hook input priority -300; }; add rule ${table} in ip protocol 41 drop; ` +
        `add chain ${table} out { type filter hook output priority -300; }; add rule ${table} out ip protocol 41 drop`,
    ]);
    if (made.code !== 0) return { name, pass: false, saw: `nft: ${oneLine(made.stderr)}` };
    const down = await waitForLifetime(pc, 0, 90_000);
    await isp(['nft', 'delete', 'table', ...table.split(' ')]);
    const up = down.ok ? await waitForLifetime(pc, want, 60_000) : { ok: false, seconds: 0, last: undefined };
    return {
      name,
      pass: down.ok && up.ok,
      saw: down.ok
        ? `lifetime 0 ${down.seconds.toFixed(0)} s after the cut; ${up.ok ? `${want} again ${up.seconds.toFixed(0)} s after it ended` : `still ${String(up.last)} 60 s after it ended`}`
        : `still ${String(down.last)} 90 s after the cut`,
    };
  } finally {
    await isp(['nft', 'delete', 'table', ...table.split(' ')]);
  }
}

/**
 * Every check above that applies to this router, in an order that leaves the lab usable: the LAN
 * down/up last. `closedPort` is a port nothing on the router listens on and no profile opens.
 */
export async function filterChecks(
  vm: Vm,
  profile: Profile,
  personalities: readonly PersonalityName[],
  closedPort: number,
): Promise<CheckResult[]> {
  const checks = [
    await checkLanRefused(inNamespace(vm, 'pc'), derive(profile).lanRouter, closedPort),
    await checkMssClamped(vm, profile),
    await checkUnusedSubnet(vm, profile),
    await checkProto41FromStranger(vm, personalities),
    await checkLanDownUp(vm, profile),
  ];
  return checks.filter((c): c is CheckResult => c !== undefined);
}
