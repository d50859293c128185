import { spawn } from 'node:child_process';
import type { ExecResult } from '../types';

export interface RunOptions {
  /** Bytes for the child's stdin; stdin is closed (empty) when absent. */
  input?: string | Buffer;
  /** Kill the child (by its pid) after this long; the result then has code 124, as timeout(1) does. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Run argv (never a shell string) on this host and collect its output; never throws for a non-zero exit. */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('run: empty argv');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: timedOut ? 124 : (code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `${stderr}\n(killed after ${options.timeoutMs} ms)` : stderr,
      });
    });
    // A child that exits without reading its stdin makes the write fail with EPIPE; its exit code says what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** The last `lines` lines of a text, for error messages that must stay readable. */
export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Like run(), but a non-zero exit throws with the command and the end of its output. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<ExecResult> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw new Error(
      `${argv.join(' ')} failed (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`,
    );
  }
  return result;
}
