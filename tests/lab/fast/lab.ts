import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Exec } from '../types';
import { newLabId, nsName, stateDir, type Role } from './names';
import { spawnDetached, type SpawnSpec } from './processes';
import { must, nsExec } from './run';
import { startSsh, type LabSsh, type SshPasswordAuth } from './sshd';
import { processStart, readState, writeState, type LabProcess, type LabState } from './state';
import { destroyLab } from './teardown';
import { TOPOLOGY } from './topology';

export interface FastLabOptions {
  /** Start sshd, its users and the host-side forwarder (default true). */
  ssh?: boolean;
  /** The port sshd listens on in the router (a profile's management.sshPort); default 22. */
  sshPort?: number;
  /** How sshd takes passwords: the password method (default) or keyboard-interactive through PAM only. */
  sshPasswordAuth?: SshPasswordAuth;
  /** `manual` for `lab up` (removed by `down`), `test` otherwise. */
  kind?: LabState['kind'];
}

/** A running fast lab: three namespaces, their Execs, sshd when asked for, and how to remove it all. */
export interface FastLab {
  id: string;
  dir: string;
  ns: Record<Role, string>;
  router: Exec;
  pc: Exec;
  isp: Exec;
  ssh: LabSsh | undefined;
  /** Milliseconds from the first `ip netns add` until the lab (and sshd) was ready. */
  startMs: number;
  /** Start a long-running process in a lab namespace; it is recorded and stopped by destroy(). */
  spawn: (spec: SpawnSpec) => LabProcess;
  destroy: () => Promise<string[]>;
}

function ip(...args: string[]): void {
  must(['ip', ...args]);
}

function sysctl(ns: string, ...settings: string[]): void {
  must(['ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w', ...settings]);
}

/** The namespaces, veths and addresses of the lab (see topology.ts). */
function wire(ns: Record<Role, string>): void {
  const { router, isp, pc, mgmt, ipv4Length } = TOPOLOGY;
  for (const n of Object.values(ns)) ip('netns', 'add', n);
  // Created inside the namespaces directly, so nothing appears on the host even for a moment.
  ip('-n', ns.router, 'link', 'add', router.wan, 'type', 'veth', 'peer', 'name', isp.wan, 'netns', ns.isp);
  ip('-n', ns.router, 'link', 'add', router.lan, 'type', 'veth', 'peer', 'name', pc.lan, 'netns', ns.pc);
  // The pc is a host: no forwarding, and it learns its address and default route from RAs.
  sysctl(ns.pc, 'net.ipv6.conf.all.forwarding=0', `net.ipv6.conf.${pc.lan}.accept_ra=1`);
  // The router forwards from the start here (the lab's own tests route through it before any export);
  // applyExport runs the exported forwarding unit's ExecStart= after the firewall, as systemd would.
  sysctl(ns.router, 'net.ipv6.conf.all.forwarding=1');
  for (const [n, dev] of [
    [ns.router, 'lo'],
    [ns.router, router.wan],
    [ns.router, router.lan],
    [ns.isp, 'lo'],
    [ns.isp, isp.wan],
    [ns.pc, 'lo'],
    [ns.pc, pc.lan],
  ] as const) {
    ip('-n', n, 'link', 'set', dev, 'up');
  }
  ip('-n', ns.router, 'addr', 'add', `${router.wanIpv4}/${ipv4Length}`, 'dev', router.wan);
  ip('-n', ns.isp, 'addr', 'add', `${isp.wanIpv4}/${ipv4Length}`, 'dev', isp.wan);
  ip('-n', ns.isp, '-6', 'addr', 'add', `${isp.internetV6}/128`, 'dev', 'lo');
  // The lab's own management addresses skip DAD: they are scaffolding, not what is under test.
  ip('-n', ns.router, '-6', 'addr', 'add', `${mgmt.router}/${mgmt.length}`, 'dev', router.lan, 'nodad');
  ip('-n', ns.pc, '-6', 'addr', 'add', `${mgmt.pc}/${mgmt.length}`, 'dev', pc.lan, 'nodad');
}

/**
 * Build a fast lab. On any failure everything created so far is removed before the error is thrown.
 * Callers own the result and must call destroy() (withFastLab does that for tests).
 */
export async function createFastLab(options: FastLabOptions = {}): Promise<FastLab> {
  const started = performance.now();
  const id = newLabId();
  const dir = stateDir(id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ns: Record<Role, string> = {
    router: nsName(id, 'router'),
    pc: nsName(id, 'pc'),
    isp: nsName(id, 'isp'),
  };
  const ownerStart = processStart(process.pid);
  if (ownerStart === undefined) throw new Error('cannot read this process start time from /proc');
  // Written before anything exists, so a crash at any later point leaves a record `down` can act on.
  writeState({
    id,
    kind: options.kind ?? 'test',
    owner: { pid: process.pid, start: ownerStart },
    createdAt: new Date().toISOString(),
    namespaces: Object.values(ns),
    processes: [],
  });
  const spawn = (spec: SpawnSpec): LabProcess => {
    const p = spawnDetached(spec);
    const state = readState(id);
    if (state === undefined) throw new Error(`lab ${id}: state file vanished`);
    writeState({ ...state, processes: [...state.processes, p] });
    return p;
  };
  try {
    wire(ns);
    const lab: FastLab = {
      id,
      dir,
      ns,
      router: nsExec(ns.router),
      pc: nsExec(ns.pc),
      isp: nsExec(ns.isp),
      ssh: undefined,
      startMs: 0,
      spawn,
      destroy: () => destroyLab(id, Object.values(ns)),
    };
    if (options.ssh ?? true)
      lab.ssh = await startSsh(lab, join(dir, 'ssh'), options.sshPort ?? 22, options.sshPasswordAuth);
    lab.startMs = performance.now() - started;
    return lab;
  } catch (e) {
    await destroyLab(id, Object.values(ns));
    throw e;
  }
}
