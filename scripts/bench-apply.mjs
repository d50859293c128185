#!/usr/bin/env node
// Benchmark (not a test): apply time over SSH with the packages already present, end to end, against
// running the exported install.sh by hand over one ssh session, each on a fresh router VM, median of
// V6WIZARD_BENCH_ROUNDS (3) pairs; and the
// number of SSH connections and commands apply used. Target: apply within APPLY_BENCH_TARGET (1.2x) of
// install.sh.
// Run as root: node scripts/bench-apply.mjs.
import { withTsModule } from './ssr.mjs';

await withTsModule('/tests/apply/bench-apply.ts', async ({ runApplyBench, APPLY_BENCH_TARGET }) => {
  const rounds = Number(process.env.V6WIZARD_BENCH_ROUNDS ?? '3');
  const r = await runApplyBench((line) => console.log(line), rounds);
  console.log(JSON.stringify(r, null, 2));
  console.log(
    `median of ${r.rounds.length}: apply ${(r.applyMs / 1000).toFixed(1)} s / install.sh ${(r.installShMs / 1000).toFixed(1)} s = ${r.ratio.toFixed(2)}x (target <= ${APPLY_BENCH_TARGET}x), ${r.connections} connections, ${r.commands} commands`,
  );
  process.exitCode = r.withinTarget ? 0 : 1;
});
