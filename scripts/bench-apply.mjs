#!/usr/bin/env node
// Benchmark (not a test): apply time over SSH with the packages already present, end to end, against
// running the exported install.sh by hand over one ssh session, each on a fresh router VM; and the
// number of SSH connections and commands apply used. Target: apply within 1.5x of install.sh.
// Run as root: node scripts/bench-apply.mjs.
import { withTsModule } from './ssr.mjs';

await withTsModule('/tests/apply/bench-apply.ts', async ({ runApplyBench }) => {
  const r = await runApplyBench((line) => console.log(line));
  console.log(JSON.stringify(r, null, 2));
  process.exitCode = r.withinTarget ? 0 : 1;
});
