import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from './connect';
import { isSshError } from './errors';
import { CLOSE_GRACE_MS } from './exec-channel';
import { hang, startStandIn, type Behaviour, type StandIn } from './stand-in-server';
import type { RemoteSession } from './types';

/**
 * How the session bounds a command's time against a misbehaving server. The servers here are
 * scripted stand-ins (stand-in-server.ts, ssh2's own Server): a real sshd cannot be made to hang
 * while ignoring a channel close, so these cases cannot run against the lab's real sshd. The session
 * under test is the product's own, opened by connect() with host key TOFU.
 */

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function sessionOn(behaviour: Behaviour): Promise<RemoteSession> {
  const standIn: StandIn = await startStandIn(behaviour);
  const dir = mkdtempSync(join(tmpdir(), 'v6w-bounds-'));
  const session = await connect({
    target: { host: '127.0.0.1', port: standIn.port, user: 'root' },
    credentials: { kind: 'password', password: 'stand-in' },
    knownHostsFile: join(dir, 'known_hosts'),
    acceptFingerprint: standIn.fingerprint,
  });
  cleanups.push(() => {
    void session.close();
    standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return session;
}

const sleep = (ms: number): Promise<'still waiting'> =>
  new Promise((resolve) => {
    setTimeout(() => {
      resolve('still waiting');
    }, ms);
  });

describe('a remote command against a server that misbehaves', () => {
  it('times out against a server that ignores the channel close, and the session says it is gone', async () => {
    const session = await sessionOn(hang);
    const timeoutMs = 1_000;
    const started = performance.now();
    const outcome = await Promise.race([
      session.exec(['sleep', 'forever'], { timeoutMs }).then(
        () => 'resolved',
        (e: unknown) => e,
      ),
      sleep(timeoutMs + CLOSE_GRACE_MS + 2_000),
    ]);
    const elapsed = performance.now() - started;
    console.log(`hung server: the exec settled after ${Math.round(elapsed)} ms (timeout ${timeoutMs} ms)`);
    // Measured: 3,005 ms, the timeout plus CLOSE_GRACE_MS (2 s) waiting for the close to be honoured.
    // Before the exec was bounded it had not settled after 25 s (the stand-in answers keepalives).
    expect(isSshError(outcome) && outcome.code).toBe('TIMEOUT');
    expect(String(outcome)).toMatch(/sleep ran longer than 1 s/);
    expect(elapsed).toBeLessThan(timeoutMs + CLOSE_GRACE_MS + 1_000);
    // The connection was torn down: the next command fails at once and says why.
    const next = await session.exec(['true']).catch((e: unknown) => e);
    expect(isSshError(next) && next.code).toBe('TIMEOUT');
    expect(String(next)).toMatch(/sleep ran longer than 1 s.*connection was closed/);
  });
});
