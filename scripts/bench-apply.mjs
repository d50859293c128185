#!/usr/bin/env node
// Benchmark (not a test): apply time over SSH with the packages already present, end to end, against
// running the exported install.sh by hand over one ssh session, each on a fresh router VM; and the
// number of SSH connections and commands apply used. Target: apply within 1.5x of install.sh.
// Run as root: node scripts/bench-apply.mjs. The TypeScript (with its ?raw imports) is loaded
// through vite's SSR loader, the same transform the tests use.
import { createServer } from 'vite';

const server = await createServer({
  server: { middlewareMode: true, hmr: false },
  appType: 'custom',
  logLevel: 'error',
});
try {
  const { runApplyBench } = await server.ssrLoadModule('/tests/apply/bench-apply.ts');
  const r = await runApplyBench((line) => console.log(line));
  console.log(JSON.stringify(r, null, 2));
  process.exitCode = r.withinTarget ? 0 : 1;
} finally {
  await server.close();
}
