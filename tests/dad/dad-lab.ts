import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultProfile } from '../../shared/profile/defaults';
import { derive } from '../../shared/profile/derive';
import { renderDad } from '../../shared/render/dad';
import { DAD_PATHS } from '../../shared/render/dad-paths';

/** Helpers for running the rendered DAD wait tool against a real kernel in network namespaces. */

export function must(argv: string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Writes the tool exactly as rendered for the default profile; returns its path and a cleanup. */
export function writeTool(): { path: string; remove: () => void } {
  const profile = defaultProfile();
  const script = renderDad(profile, derive(profile), { profileSource: 'dad-lab' }).find(
    (f) => f.path === DAD_PATHS.script,
  );
  if (!script) throw new Error('the wait strategy rendered no tool');
  const dir = mkdtempSync(join(tmpdir(), 'v6wdad-tool-'));
  const path = join(dir, 'v6wizard-dad-wait');
  writeFileSync(path, script.content, { mode: 0o755 });
  return {
    path,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Pair {
  /** Our side: veth d0. */
  a: string;
  /** The peer: veth d1, the "other host" on the link. */
  b: string;
  remove: () => void;
}

let pairCounter = 0;

/** Two namespaces joined by a veth pair (d0 in a, d1 in b), both up. Names start with v6wdad. */
export function makePair(tag: string): Pair {
  const id = `${tag}-${process.pid}-${pairCounter++}`;
  const pair: Pair = {
    a: `v6wdad-${id}-a`,
    b: `v6wdad-${id}-b`,
    remove: () => {
      for (const ns of [pair.a, pair.b]) {
        for (const pid of spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
          .stdout.split('\n')
          .filter(Boolean)) {
          spawnSync('kill', ['-KILL', pid]);
        }
        spawnSync('ip', ['netns', 'del', ns]);
      }
    },
  };
  try {
    must(['ip', 'netns', 'add', pair.a]);
    must(['ip', 'netns', 'add', pair.b]);
    must(['ip', '-n', pair.a, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1', 'netns', pair.b]);
    for (const [ns, dev] of [
      [pair.a, 'lo'],
      [pair.b, 'lo'],
      [pair.a, 'd0'],
      [pair.b, 'd1'],
    ] as const) {
      must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
    waitForCarrier(pair.a, 'd0');
    return pair;
  } catch (e) {
    pair.remove();
    throw e;
  }
}

/** DAD only starts once the link has carrier; wait for it so timings measure DAD, not link-up. */
function waitForCarrier(ns: string, dev: string): void {
  for (let i = 0; i < 200; i++) {
    if (must(['ip', '-n', ns, 'link', 'show', dev]).includes('LOWER_UP')) return;
    spawnSync('sleep', ['0.01']);
  }
  throw new Error(`${dev} in ${ns} never got carrier`);
}

export function sysctl(ns: string, ...settings: string[]): void {
  must(['ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w', ...settings]);
}

export interface ToolRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.now() when the tool was started and when it exited. */
  startedAt: number;
  endedAt: number;
}

/** Starts the tool in a namespace; `done` resolves when it exits (killed after `hardLimitMs`, which fails any test). */
export function startTool(
  tool: string,
  ns: string,
  args: string[],
  hardLimitMs = 30_000,
): { pid: number | undefined; done: Promise<ToolRun> } {
  const startedAt = performance.now();
  const child = spawn('ip', ['netns', 'exec', ns, 'bash', tool, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), hardLimitMs);
  const done = new Promise<ToolRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, startedAt, endedAt: performance.now() });
    });
  });
  return { pid: child.pid, done };
}

/**
 * Our own observer of the kernel: `ip -6 monitor address` in the namespace, noting when each address
 * is first reported without the tentative flag (the moment DAD finished).
 */
export async function watchAddresses(
  ns: string,
): Promise<{ readyAt: (address: string) => number | undefined; pid: string; stop: () => void }> {
  const child = spawn('ip', ['-n', ns, '-6', 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = new Map<string, number>();
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now();
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^\d+: \S+\s+inet6 ([0-9a-f:]+)\/\d+ (.*)$/.exec(line);
      if (m && !/\b(tentative|dadfailed)\b/.test(m[2]!) && !ready.has(m[1]!)) ready.set(m[1]!, now);
    }
  });
  // Give the monitor time to subscribe before anything happens.
  await new Promise((r) => setTimeout(r, 200));
  return {
    readyAt: (address) => ready.get(address),
    pid: String(child.pid),
    stop: () => child.kill('SIGKILL'),
  };
}

/** Processes still running in a namespace (the tool must leave none: its monitor is killed on exit). */
export function processesIn(ns: string): string[] {
  return spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

export function addrState(ns: string, dev: string, address: string): string {
  return must(['ip', '-n', ns, '-6', '-o', 'addr', 'show', 'dev', dev, 'to', `${address}/128`]);
}
