#!/usr/bin/env node
// `npm run bench` (not a test): how long rendering takes for each example profile, as the median of
// N runs in milliseconds, how long highlighting a 10,000-line generated file takes, then the DAD benchmark (scripts/bench-dad.mjs) when it exists.
// The TypeScript is loaded with Vite's SSR loader, so the `?raw` template imports work as in the builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.V6WIZARD_BENCH_RUNS ?? 50);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const vite = await createServer({
  root: ROOT,
  configFile: false,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false },
  appType: 'custom',
});
try {
  const { render } = await vite.ssrLoadModule('/shared/render/index.ts');
  const { buildExport } = await vite.ssrLoadModule('/shared/export/index.ts');
  const dir = join(ROOT, 'examples');
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  console.log(`median of ${RUNS} runs, ms: render(profile), and building the export layout from it`);
  for (const name of examples) {
    const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const renderTimes = [];
    const exportTimes = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const files = render(profile);
      const t1 = performance.now();
      buildExport({ profile, files, version: 'bench', folder: 'out' });
      exportTimes.push(performance.now() - t1);
      renderTimes.push(t1 - t0);
      count = files.length;
    }
    const ms = (xs) => median(xs).toFixed(2).padStart(7);
    console.log(
      `  ${name.padEnd(36)} render ${ms(renderTimes)}  export ${ms(exportTimes)}  (${count} files)`,
    );
  }

  // The preview highlights every file on each keystroke: the largest generated file of each kind,
  // repeated to 10,000 lines, must stay within one frame (16 ms).
  const { familyOf, highlight } = await vite.ssrLoadModule('/shared/highlight/index.ts');
  const golden = join(ROOT, 'shared/render/golden');
  const largest = new Map();
  for (const entry of readdirSync(golden, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === '_files.json') continue;
    const full = join(entry.parentPath, entry.name);
    const path = `/${full
      .slice(golden.length + 1)
      .split('/')
      .slice(1)
      .join('/')}`;
    const content = readFileSync(full, 'utf8');
    const family = familyOf(path, content);
    if ((largest.get(family)?.content.length ?? -1) < content.length) largest.set(family, { path, content });
  }
  console.log(`\nmedian of ${RUNS} runs, ms: highlighting a 10,000-line file (target 16)`);
  for (const [family, file] of [...largest.entries()].sort()) {
    const text = `${file.content}\n`.repeat(Math.ceil(10_000 / file.content.split('\n').length));
    highlight(file.path, text); // warm up the JIT
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      highlight(file.path, text);
      times.push(performance.now() - t0);
    }
    const m = median(times);
    console.log(
      `  ${family.padEnd(10)} ${m.toFixed(2).padStart(7)}  ${m < 16 ? 'ok' : 'OVER the 16 ms target'}`,
    );
  }
} finally {
  await vite.close();
}

const dad = join(ROOT, 'scripts/bench-dad.mjs');
if (existsSync(dad)) {
  console.log('\nscripts/bench-dad.mjs:');
  const run = spawnSync(process.execPath, [dad], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
} else {
  console.log('\n(scripts/bench-dad.mjs is not there yet; no DAD benchmark)');
}
