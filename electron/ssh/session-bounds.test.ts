import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from './connect';
import { isSshError } from './errors';
import { MAX_OUTPUT_BYTES } from './output-cap';
import { CLOSE_GRACE_MS } from './exec-channel';
import { flood, hang, startStandIn, type Behaviour, type StandIn } from './stand-in-server';
import type { RemoteSession } from './types';

/**
 * How the session bounds a command's time and output against a misbehaving server. The servers here
 * are scripted stand-ins (stand-in-server.ts, ssh2's own Server): a real sshd cannot be made to hang
 * while ignoring a channel close, or to flood without end, so these cases cannot run against the lab's
 * real sshd. The session under test is the product's own, opened by connect() with host key TOFU.
 */

const MiB = 1024 * 1024;
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

  it('cuts an endless flood at the cap, says so, and keeps memory bounded', async () => {
    const sent = { bytes: 0 };
    const session = await sessionOn(flood(Buffer.alloc(64 * 1024, 'x'), sent));
    const base = process.memoryUsage();
    const peak = { rss: 0, heap: 0 };
    const sample = (): void => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss - base.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
      // A safety net for the unbounded case: never let this test take the machine down.
      if (peak.rss > 512 * MiB) void session.close();
    };
    const sampler = setInterval(sample, 5);
    const started = performance.now();
    let r;
    try {
      r = await session.exec(['yes'], { timeoutMs: 8_000 });
    } finally {
      clearInterval(sampler);
    }
    sample();
    const elapsed = performance.now() - started;
    console.log(
      `flood: ${Math.round(elapsed)} ms, ${(sent.bytes / MiB).toFixed(0)} MiB sent, stdout ${r.stdout.length} chars, ` +
        `peak rss +${(peak.rss / MiB).toFixed(0)} MiB, ` +
        `peak heap+buffers +${(peak.heap / MiB).toFixed(0)} MiB`,
    );
    // Measured: 70-130 ms, 12 MiB sent, peak rss +42 MiB, peak heap+buffers +41 MiB (the head, its
    // copy and its string) for the 8 MiB cap. Without the cap: 336 MiB arrived in 2.9 s, rss +1.2 GiB.
    expect(sent.bytes).toBeGreaterThan(MAX_OUTPUT_BYTES);
    expect(r.code).not.toBe(0);
    expect(r.stdout.endsWith('\n[output cut at 8 MiB by v6wizard]\n')).toBe(true);
    expect(r.stdout.length).toBe(MAX_OUTPUT_BYTES + '\n[output cut at 8 MiB by v6wizard]\n'.length);
    expect(r.stderr).toMatch(/stdout cut at 8 MiB by v6wizard/);
    expect(peak.rss).toBeLessThan(12 * MAX_OUTPUT_BYTES);
    expect(peak.heap).toBeLessThan(8 * MAX_OUTPUT_BYTES);
  });
});
