#!/usr/bin/env node
// `npm run faults:sweep [-- EXAMPLE [STEP ...]]` (as root; not part of npm test, one to two minutes per
// step and fault): on one router VM, an apply whose SSH connection is killed, and one whose router
// loses power, in the middle of each of its steps in turn, and how the router ended each time.
// V6WIZARD_FAULTS=connection or =power runs one kind only. Exits non-zero when any fault left the
// router other than in its old state (or, hit while confirming, its new one), with a timer or boot
// guard left, or unreachable. Prints a table (step × fault) at the end.
import { withTsModule } from './ssr.mjs';

const [example = 'he-ifupdown-slaac.json', ...only] = process.argv.slice(2);
await withTsModule('/tests/apply/fault-sweep.ts', async ({ runFaultSweep }) => {
  const started = Date.now();
  const kinds = process.env.V6WIZARD_FAULTS ? process.env.V6WIZARD_FAULTS.split(',') : undefined;
  const sweep = await runFaultSweep(
    example,
    (line) => console.log(line),
    only.length > 0 ? only : undefined,
    kinds,
  );
  const failed = sweep.rows.filter((r) => !r.pass);
  console.log('\n| step | fault | ended | back after | pass |\n|---|---|---|---|---|');
  for (const r of sweep.rows)
    console.log(
      `| ${r.step} | ${r.fault} | ${r.ended} | ${r.backAfterS.toFixed(1)} s | ${r.pass ? 'yes' : 'NO'} |`,
    );
  console.log(
    `\n${sweep.rows.length - failed.length} of ${sweep.rows.length} faults left the router whole (${example}, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  process.exitCode = failed.length === 0 && sweep.rows.length > 0 ? 0 : 1;
});
