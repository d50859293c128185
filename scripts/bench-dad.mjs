#!/usr/bin/env node
// Benchmark: how late does each way of waiting for DAD notice that the kernel has finished?
//
//   node scripts/bench-dad.mjs [RUNS] [TOOL]      (root; default 10 runs)
//
// TOOL defaults to the rendered v6wizard-dad-wait in the golden files
// (shared/render/golden/dad-wait-ifupdown/usr/local/sbin/v6wizard-dad-wait), i.e. exactly what ships.
// Each run builds fresh namespaces (v6wdad-bench-*): a veth pair, three addresses added on our side,
// and at the same moment starts
//   - the tool (event-driven, waits on exactly those addresses),
//   - a fixed `sleep` (the "sleep" strategy's default pause),
//   - the usual loop: `while ip -6 addr show dev d0 | grep -q tentative; do sleep 1; done`.
// The kernel's own moment is observed with a separate `ip -6 monitor address`: the time the last of the
// three addresses is reported without "tentative". Lateness = exit time − that moment.
// Prints median and max lateness per method; the tool's target is a median within 50 ms.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 10);
const TOOL =
  process.argv[3] ?? join(ROOT, 'shared/render/golden/dad-wait-ifupdown/usr/local/sbin/v6wizard-dad-wait');
const SLEEP_SECONDS = 4; // the sleep strategy's default (kernel defaults + 2 s margin)
const ADDRESSES = ['2001:db8:d::1', '2001:db8:d::2', '2001:db8:d::3'];
const TARGET_MS = 50;

if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('RUNS must be a positive integer');
if (!existsSync(TOOL)) throw new Error(`no tool at ${TOOL}; run the golden tests first`);

function must(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

const live = new Set();
const namespaces = new Set();
function cleanup() {
  for (const child of live) child.kill('SIGKILL');
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
  namespaces.clear();
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

/** Starts argv; resolves with performance.now() at exit (and the exit code). */
function timed(argv) {
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  live.add(child);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      live.delete(child);
      resolve({ at: performance.now(), code });
    }),
  );
}

async function oneRun(i) {
  const a = `v6wdad-bench-${process.pid}-${i}-a`;
  const b = `v6wdad-bench-${process.pid}-${i}-b`;
  namespaces.add(a);
  namespaces.add(b);
  must(['ip', 'netns', 'add', a]);
  must(['ip', 'netns', 'add', b]);
  try {
    must(['ip', '-n', a, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1', 'netns', b]);
    must(['ip', '-n', a, 'link', 'set', 'd0', 'up']);
    must(['ip', '-n', b, 'link', 'set', 'd1', 'up']);
    while (!must(['ip', '-n', a, 'link', 'show', 'd0']).includes('LOWER_UP'))
      await new Promise((r) => setTimeout(r, 5));

    const monitor = spawn('ip', ['-n', a, '-6', 'monitor', 'address'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    live.add(monitor);
    const ready = new Map();
    let buffer = '';
    monitor.stdout.on('data', (d) => {
      const now = performance.now();
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^\d+: \S+\s+inet6 ([0-9a-f:]+)\/\d+ (.*)$/.exec(line);
        if (m && !/\b(tentative|dadfailed)\b/.test(m[2]) && !ready.has(m[1])) ready.set(m[1], now);
      }
    });
    await new Promise((r) => setTimeout(r, 200)); // let the observer subscribe

    const added = performance.now();
    for (const address of ADDRESSES) must(['ip', '-n', a, 'addr', 'add', `${address}/64`, 'dev', 'd0']);
    const args = ADDRESSES.map((address) => `d0=${address}/64`);
    const [tool, sleep, poll] = await Promise.all([
      timed(['ip', 'netns', 'exec', a, 'bash', TOOL, '--timeout', '10', ...args]),
      timed(['sleep', String(SLEEP_SECONDS)]),
      timed([
        'ip',
        'netns',
        'exec',
        a,
        'bash',
        '-c',
        'while ip -6 addr show dev d0 | grep -q tentative; do sleep 1; done',
      ]),
    ]);
    monitor.kill('SIGKILL');
    live.delete(monitor);
    if (tool.code !== 0) throw new Error(`run ${i}: the tool exited ${tool.code}`);
    const kernel = Math.max(...ADDRESSES.map((address) => ready.get(address) ?? NaN));
    if (!Number.isFinite(kernel)) throw new Error(`run ${i}: the observer missed an address`);
    return { dad: kernel - added, tool: tool.at - kernel, sleep: sleep.at - kernel, poll: poll.at - kernel };
  } finally {
    for (const ns of [a, b]) {
      spawnSync('ip', ['netns', 'del', ns]);
      namespaces.delete(ns);
    }
  }
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (ms) => `${ms >= 0 ? '+' : ''}${ms.toFixed(1)} ms`.padStart(12);

try {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(i);
    results.push(r);
    console.log(
      `run ${String(i + 1).padStart(2)}: DAD ${r.dad.toFixed(0)} ms; late: tool${fmt(r.tool)}  sleep ${SLEEP_SECONDS}${fmt(r.sleep)}  1 s poll${fmt(r.poll)}`,
    );
  }
  console.log(
    `\n${RUNS} runs, ${ADDRESSES.length} addresses each; kernel DAD median ${median(results.map((r) => r.dad)).toFixed(0)} ms`,
  );
  console.log('lateness after the kernel finished DAD      median          max');
  for (const [name, key] of [
    ['v6wizard-dad-wait (events)', 'tool'],
    [`sleep ${SLEEP_SECONDS}`, 'sleep'],
    ['poll every 1 s for "tentative"', 'poll'],
  ]) {
    const xs = results.map((r) => r[key]);
    console.log(`${name.padEnd(40)}${fmt(median(xs))} ${fmt(Math.max(...xs))}`);
  }
  const toolMedian = median(results.map((r) => r.tool));
  console.log(
    `\ntarget: the tool within ${TARGET_MS} ms (median): ${toolMedian <= TARGET_MS ? 'met' : 'MISSED'}`,
  );
  process.exitCode = toolMedian <= TARGET_MS ? 0 : 1;
} finally {
  cleanup();
}
