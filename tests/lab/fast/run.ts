import { spawn, spawnSync } from 'node:child_process';
import type { Exec, ExecResult } from '../types';

/** Run argv (no shell) synchronously; throws with the command's output when it exits non-zero. */
export function must(argv: string[], options: { stdin?: string; timeoutMs?: number } = {}): string {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('must(): empty argv');
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
    ...(options.stdin !== undefined ? { input: options.stdin } : {}),
  });
  if (r.status !== 0) {
    throw new Error(
      `${argv.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message}): ${r.stdout}${r.stderr}`,
    );
  }
  return r.stdout;
}

/** Like must() but never throws: for cleanup, where one failure must not stop the rest. */
export function attempt(argv: string[]): ExecResult {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return { code: 1, stdout: '', stderr: 'empty argv' };
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  // stdout/stderr are typed as strings but are null when the command could not be started at all.
  if (r.error !== undefined) return { code: 127, stdout: '', stderr: r.error.message };
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Run argv asynchronously and collect its output; a timeout kills it and reports code 124 (like timeout(1)). */
export function runAsync(
  argv: string[],
  options: { timeoutMs?: number; stdin?: string } = {},
): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.resolve({ code: 1, stdout: '', stderr: 'empty argv' });
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? 1), stdout, stderr });
    });
    // A command that does not read stdin may close it before we write: ignore EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

/** An Exec that runs argv inside a network namespace (`ip netns exec NS argv…`, still no shell). */
export function nsExec(ns: string): Exec {
  return (argv, options) => runAsync(['ip', 'netns', 'exec', ns, ...argv], options ?? {});
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
