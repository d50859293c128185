import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_DIR } from './names';
import { attempt, sleep } from './run';
import { isSameProcess, processStart, type LabProcess } from './state';

/** The mount helper every lab daemon starts through (see ns-mounts.sh for why). */
export const NS_MOUNTS = join(FAST_DIR, 'ns-mounts.sh');

/** One private mount for a lab process: a fresh tmpfs, a bind of a lab file over a host path, or a folder to create. */
export type Mount = { tmpfs: string } | { bind: string; over: string } | { mkdir: string };

export function mountArgs(mounts: readonly Mount[]): string[] {
  return mounts.flatMap((m) =>
    'tmpfs' in m ? ['--tmpfs', m.tmpfs] : 'bind' in m ? ['--bind', m.bind, m.over] : ['--mkdir', m.mkdir],
  );
}

export interface SpawnSpec {
  name: string;
  /** The namespace to run in; undefined runs in the host's (only the SSH forwarder does). */
  ns: string | undefined;
  argv: string[];
  /** Private mounts; when given the process gets its own mount namespace (`unshare --mount`). */
  mounts?: readonly Mount[];
  /** stdout and stderr go here. */
  log: string;
  cwd?: string;
}

/**
 * Start a long-running lab process detached from this one (so `lab up` can exit and leave it
 * running) and return its pid and start time. `ip netns exec`, `unshare` (without --fork) and
 * ns-mounts.sh all exec the next program, so the pid we get is the daemon's own pid.
 */
export function spawnDetached(spec: SpawnSpec): LabProcess {
  const inner =
    spec.mounts !== undefined
      ? [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          NS_MOUNTS,
          ...mountArgs(spec.mounts),
          '--',
          ...spec.argv,
        ]
      : spec.argv;
  const argv = spec.ns !== undefined ? ['ip', 'netns', 'exec', spec.ns, ...inner] : inner;
  const fd = openSync(spec.log, 'a', 0o600);
  try {
    const child = spawn(argv[0]!, argv.slice(1), {
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${spec.name}: could not start ${argv[0]}`);
    const start = processStart(pid);
    if (start === undefined) throw new Error(`${spec.name}: exited at once; see ${spec.log}`);
    return { name: spec.name, pid, start };
  } finally {
    closeSync(fd);
  }
}

/**
 * Stop a process the lab recorded, only if it is still that process (same pid *and* start time), so a
 * pid the kernel has since given to something else is never signalled. TERM first, KILL after 1 s.
 */
export async function stopProcess(p: LabProcess): Promise<void> {
  if (!isSameProcess(p)) return;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 20 && isSameProcess(p); i++) await sleep(50);
  if (isSameProcess(p)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // It exited between the check and the signal.
    }
  }
}

/** Pids of every process inside a network namespace (all of them were started by the lab, since it owns the namespace). */
export function pidsIn(ns: string): number[] {
  return attempt(['ip', 'netns', 'pids', ns])
    .stdout.split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
}
