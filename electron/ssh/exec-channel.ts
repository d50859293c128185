import { CappedBuffer, stdoutCutLine } from './output-cap';

/**
 * One remote command on an ssh2 connection, bounded in time and in memory whatever the server does.
 * It talks to ssh2 directly rather than through node-ssh's execCommand, because execCommand keeps
 * every byte of output (as strings, on top of any copy of ours) and settles only when the server
 * closes the channel: a flooding server then eats memory without bound, and a hung one that ignores
 * the close (checked against a stand-in server in session-bounds.test.ts) never lets it settle.
 */

/**
 * After a timeout the channel is closed; a server that has not confirmed the close within this time
 * is taken as hung, and the whole connection is dropped so the command settles anyway.
 */
export const CLOSE_GRACE_MS = 2_000;

/** The parts of an ssh2 exec channel used here (ssh2 ships no types). */
interface ExecChannel {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  stderr: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
  end(data: Buffer): void;
  close(): void;
}

/** The parts of an ssh2 Client used here. */
export interface ExecClient {
  exec(command: string, callback: (err: Error | undefined, channel: ExecChannel) => void): void;
  destroy(): void;
}

export type BoundedResult =
  | { kind: 'done'; code: number; stdout: Buffer; stderr: Buffer }
  /** dropped: the server did not confirm the close, so the connection is gone. */
  | { kind: 'timeout'; dropped: boolean };

/**
 * Run `command` with `stdin` (always ended, so a command reading it sees EOF instead of waiting).
 * Each of stdout and stderr keeps at most `maxOutputBytes`; once either overflows the command is
 * stopped and its result can never read as success. Rejects only when the channel cannot be opened.
 */
export function execBounded(
  client: ExecClient,
  command: string,
  stdin: Buffer,
  limits: { timeoutMs: number; maxOutputBytes: number },
): Promise<BoundedResult> {
  const stdout = new CappedBuffer(limits.maxOutputBytes);
  const stderr = new CappedBuffer(limits.maxOutputBytes);
  return new Promise((resolve, reject) => {
    let channel: ExecChannel | undefined;
    let exitCode: number | undefined;
    let stopped = false;
    let settled = false;
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const settle = (r: BoundedResult | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    // Closing the channel is all ssh2's public API can do: its signal() is a no-op once stdin has
    // ended, which here is at once. sshd then closes the command's pipes.
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      channel?.close();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
      grace = setTimeout(() => {
        client.destroy();
        settle({ kind: 'timeout', dropped: true });
      }, CLOSE_GRACE_MS);
    }, limits.timeoutMs);
    const keep = (buffer: CappedBuffer) => (chunk: Buffer) => {
      if (!buffer.push(chunk)) stop();
    };
    try {
      client.exec(command, (err, ch) => {
        if (err !== undefined) {
          settle(err);
          return;
        }
        channel = ch;
        ch.on('data', keep(stdout));
        ch.stderr.on('data', keep(stderr));
        ch.on('exit', (code) => {
          exitCode = code ?? undefined;
        });
        ch.on('close', () => {
          if (timedOut) {
            settle({ kind: 'timeout', dropped: false });
            return;
          }
          settle({ kind: 'done', ...outcome(exitCode, stdout, stderr) });
        });
        ch.end(stdin);
        // The timer may have fired before the channel opened.
        if (stopped) ch.close();
      });
    } catch (e) {
      // ssh2 throws at once when the connection is already gone.
      settle(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** The result as the session returns it: a command without an exit code, or with its output cut, fails. */
function outcome(
  exitCode: number | undefined,
  stdout: CappedBuffer,
  stderr: CappedBuffer,
): { code: number; stdout: Buffer; stderr: Buffer } {
  const cut = stdout.cut || stderr.cut;
  // 255 is what OpenSSH's client reports for a command killed by a signal (no exit code).
  const code = exitCode === undefined || (cut && exitCode === 0) ? 255 : exitCode;
  const err = stderr.bytes();
  if (!stdout.cut || stderr.cut) return { code, stdout: stdout.bytes(), stderr: err };
  const newline = err.length > 0 && err[err.length - 1] !== 0x0a ? '\n' : '';
  return {
    code,
    stdout: stdout.bytes(),
    stderr: Buffer.concat([err, Buffer.from(`${newline}${stdoutCutLine(stdout.limit)}\n`)]),
  };
}
