import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addrState,
  makePair,
  must,
  processesIn,
  startTool,
  sysctl,
  watchAddresses,
  writeTool,
  type Pair,
} from './dad-lab';

/**
 * The rendered v6wizard-dad-wait against the real kernel (root): veth pairs in network namespaces,
 * where DAD runs exactly as on hardware. Timings are checked loosely here; scripts/bench-dad.mjs
 * measures them.
 */

let tool: { path: string; remove: () => void };
beforeAll(() => {
  tool = writeTool();
});
afterAll(() => {
  tool.remove();
});

async function withPair(tag: string, body: (pair: Pair) => Promise<void>): Promise<void> {
  const pair = makePair(tag);
  try {
    await body(pair);
  } finally {
    pair.remove();
  }
}

describe('v6wizard-dad-wait in network namespaces', () => {
  it('(a) returns 0 right after DAD finishes on exactly the listed addresses', async () => {
    await withPair('ready', async ({ a }) => {
      // A third address on another link whose DAD takes 20 s: the tool must not wait for it.
      must(['ip', '-n', a, 'link', 'add', 'slow0', 'type', 'veth', 'peer', 'name', 'slow1']);
      sysctl(a, 'net.ipv6.conf.slow0.dad_transmits=20');
      must(['ip', '-n', a, 'link', 'set', 'slow0', 'up']);
      must(['ip', '-n', a, 'link', 'set', 'slow1', 'up']);
      const watch = await watchAddresses(a);
      try {
        must(['ip', '-n', a, 'addr', 'add', '2001:db8:77::9/64', 'dev', 'slow0']);
        must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::1/64', 'dev', 'd0']);
        must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::2/64', 'dev', 'd0']);
        // The second address in a different spelling: iproute2 compares numbers, not text.
        const run = await startTool(tool.path, a, [
          '--timeout',
          '10',
          'd0=2001:db8:d::1/64',
          'd0=2001:0db8:000d:0:0:0:0:2',
        ]).done;
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.stdout).toBe('ready 2001:db8:d::1 on d0\nready 2001:0db8:000d:0:0:0:0:2 on d0\n');
        const kernelDone = Math.max(
          watch.readyAt('2001:db8:d::1') ?? NaN,
          watch.readyAt('2001:db8:d::2') ?? NaN,
        );
        const lateMs = run.endedAt - kernelDone;
        console.log(
          `(a) DAD took ${(kernelDone - run.startedAt).toFixed(0)} ms; the tool exited ${lateMs.toFixed(1)} ms after the kernel finished`,
        );
        expect(Number.isFinite(kernelDone), 'our own monitor saw both addresses become ready').toBe(true);
        expect(lateMs).toBeGreaterThanOrEqual(-5);
        expect(lateMs).toBeLessThan(500);
        expect(addrState(a, 'slow0', '2001:db8:77::9')).toContain('tentative');
        expect(processesIn(a).filter((p) => p !== watch.pid)).toEqual([]);
      } finally {
        watch.stop();
      }
    });
  });

  it('(a) also sees an address that is added after it started', async () => {
    await withPair('late', async ({ a }) => {
      const started = startTool(tool.path, a, ['--timeout', '10', 'd0=2001:db8:d::3/64']);
      await new Promise((r) => setTimeout(r, 300));
      must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::3/64', 'dev', 'd0']);
      const run = await started.done;
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toBe('ready 2001:db8:d::3 on d0\n');
      expect(run.endedAt - run.startedAt).toBeLessThan(5_000);
    });
  });

  it('(b) reports a duplicate with exit 1 as soon as the kernel marks it, without waiting for the timeout', async () => {
    await withPair('dup', async ({ a, b }) => {
      must(['ip', '-n', b, 'addr', 'add', '2001:db8:d::5/64', 'dev', 'd1', 'nodad']);
      must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::5/64', 'dev', 'd0']);
      must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::6/64', 'dev', 'd0']);
      const run = await startTool(tool.path, a, [
        '--timeout',
        '20',
        'd0=2001:db8:d::5/64',
        'd0=2001:db8:d::6/64',
      ]).done;
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(/^dadfailed 2001:db8:d::5 on d0\n(ready|tentative) 2001:db8:d::6 on d0\n$/);
      expect(run.endedAt - run.startedAt).toBeLessThan(5_000);
      expect(addrState(a, 'd0', '2001:db8:d::5')).toContain('dadfailed');
      expect(processesIn(a)).toEqual([]);
    });
  });

  it('(a) starts an address’s DAD clock when it appears (networkd adds addresses seconds into a boot)', async () => {
    await withPair('clock', async ({ a }) => {
      // DAD takes 1–2 s on d0 (a random delay, then one probe); the address appears 3.5 s after the
      // start. One clock of 3 s started with the tool would report it absent; its own clock, started
      // when it appears, sees it ready.
      const started = startTool(tool.path, a, ['--timeout', '3', '--appear', '10', 'd0=2001:db8:d::4/64']);
      await new Promise((r) => setTimeout(r, 3_500));
      must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::4/64', 'dev', 'd0']);
      const run = await started.done;
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toBe('ready 2001:db8:d::4 on d0\n');
      expect(run.stderr).toContain(
        'waiting up to 3.000 s for DAD on each of 1 address(es), from when it appears (up to 10.000 s)',
      );
    });
  });

  it('(c) gives up with exit 3 when an address never appears, after the appear bound', async () => {
    await withPair('absent', async ({ a }) => {
      const run = await startTool(tool.path, a, [
        '--timeout',
        '0.5',
        '--appear',
        '1.2',
        'd0=2001:db8:d::99/64',
        'nosuch0=2001:db8:e::1',
      ]).done;
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(run.stdout).toBe(
        'absent at timeout 2001:db8:d::99 on d0\nabsent at timeout 2001:db8:e::1 on nosuch0\n',
      );
      const took = run.endedAt - run.startedAt;
      expect(took).toBeGreaterThanOrEqual(1_150);
      expect(took).toBeLessThan(3_000);
      expect(processesIn(a)).toEqual([]);
    });
  });

  it('(c) derives the timeout from the interface: router_solicitation_delay + dad_transmits × retrans_time_ms + margin', async () => {
    await withPair('derive', async ({ a }) => {
      sysctl(
        a,
        'net.ipv6.conf.d0.router_solicitation_delay=0',
        'net.ipv6.conf.d0.dad_transmits=2',
        'net.ipv6.neigh.d0.retrans_time_ms=300',
      );
      // The address never appears: the appear bound ends the wait; the DAD bound is what it says.
      const run = await startTool(tool.path, a, ['--appear', '1', 'd0=2001:db8:d::99/64']).done;
      expect(run.code, run.stdout + run.stderr).toBe(3);
      // 0 s + 2 × 300 ms + 2000 ms margin
      expect(run.stderr).toContain('waiting up to 2.600 s for DAD on each of 1 address(es)');
      expect(run.endedAt - run.startedAt).toBeGreaterThanOrEqual(950);
    });
  });

  it('(d) exits 2 when DAD is still running at the timeout', async () => {
    await withPair('slow', async ({ a }) => {
      sysctl(a, 'net.ipv6.conf.d0.dad_transmits=10', 'net.ipv6.neigh.d0.retrans_time_ms=1000');
      must(['ip', '-n', a, 'addr', 'add', '2001:db8:d::7/64', 'dev', 'd0']);
      const run = await startTool(tool.path, a, ['--timeout', '1.5', 'd0=2001:db8:d::7/64']).done;
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stdout).toBe('tentative at timeout 2001:db8:d::7 on d0\n');
      expect(run.endedAt - run.startedAt).toBeLessThan(3_500);
      expect(processesIn(a)).toEqual([]);
    });
  });

  it('stops its monitor when it is terminated', async () => {
    await withPair('term', async ({ a }) => {
      const started = startTool(tool.path, a, ['--timeout', '20', 'd0=2001:db8:d::99/64']);
      await new Promise((r) => setTimeout(r, 400));
      expect(processesIn(a).length).toBe(2); // the tool and its ip monitor
      if (started.pid === undefined) throw new Error('tool did not start');
      process.kill(started.pid, 'SIGTERM');
      const run = await started.done;
      expect(run.code).toBe(143);
      expect(run.endedAt - run.startedAt).toBeLessThan(2_000);
      expect(processesIn(a)).toEqual([]);
    });
  });

  it('(e) exits 64 on usage errors, before touching anything', () => {
    const bad = [
      [],
      ['--timeout'],
      ['--timeout', 'soon', 'd0=2001:db8::1'],
      ['--timeout', '-1', 'd0=2001:db8::1'],
      ['--appear'],
      ['--appear', 'later', 'd0=2001:db8::1'],
      ['--verbose', 'd0=2001:db8::1'],
      ['2001:db8::1'],
      ['d0=2001:db8::1/129'],
      ['a/b=2001:db8::1'],
      ['..=2001:db8::1'],
      ['waytoolonginterface0=2001:db8::1'],
      ['d0=2001:db8::1;reboot'],
      ['d0=$(id)'],
    ];
    for (const args of bad) {
      const r = spawnSync('bash', [tool.path, ...args], { encoding: 'utf8', timeout: 5_000 });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(64);
      expect(r.stderr).toContain('usage: v6wizard-dad-wait');
      expect(r.stdout).toBe('');
    }
  });
});
