/**
 * One remote command on an ssh2 connection, bounded in time whatever the server does. It talks to
 * ssh2 directly rather than through node-ssh's execCommand, because execCommand settles only when the
 * server closes the channel: a hung server that ignores the close (checked against a stand-in server
 * in session-bounds.test.ts) never lets it settle.
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
 * Rejects only when the channel cannot be opened.
 */
export function execBounded(
  client: ExecClient,
  command: string,
  stdin: Buffer,
  limits: { timeoutMs: number },
): Promise<BoundedResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
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
    try {
      client.exec(command, (err, ch) => {
        if (err !== undefined) {
          settle(err);
          return;
        }
        channel = ch;
        ch.on('data', (chunk: Buffer) => stdout.push(chunk));
        ch.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        ch.on('exit', (code) => {
          exitCode = code ?? undefined;
        });
        ch.on('close', () => {
          if (timedOut) {
            settle({ kind: 'timeout', dropped: false });
            return;
          }
          settle({
            kind: 'done',
            // 255 is what OpenSSH's client reports for a command killed by a signal (no exit code).
            code: exitCode ?? 255,
            stdout: Buffer.concat(stdout),
            stderr: Buffer.concat(stderr),
          });
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
