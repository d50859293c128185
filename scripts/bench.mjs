#!/usr/bin/env node
// `npm run bench` (not a test): how long rendering takes for each example profile, as the median of
// N runs in milliseconds, then the DAD benchmark (scripts/bench-dad.mjs) when it exists.
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
