#!/usr/bin/env node
// `npm run faults:sweep [-- EXAMPLE [STEP ...]]` (as root; not part of npm test, about a minute per
// step): on one router VM, an apply whose SSH connection is killed in the middle of each of its steps
// in turn, and how the router ended each time. Exits non-zero when any kill left the router other than
// in its old state (or, killed while confirming, its new one), with a timer left, or unreachable.
import { withTsModule } from './ssr.mjs';

const [example = 'he-ifupdown-slaac.json', ...only] = process.argv.slice(2);
await withTsModule('/tests/apply/fault-sweep.ts', async ({ runFaultSweep }) => {
  const started = Date.now();
  const sweep = await runFaultSweep(example, (line) => console.log(line), only.length > 0 ? only : undefined);
  const failed = sweep.rows.filter((r) => !r.pass);
  console.log(
    `${sweep.rows.length - failed.length} of ${sweep.rows.length} kills left the router whole (${example}, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  process.exitCode = failed.length === 0 && sweep.rows.length > 0 ? 0 : 1;
});
