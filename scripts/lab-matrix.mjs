#!/usr/bin/env node
// `npm run lab:matrix [-- TEXT ...]` (as root; not part of npm test; about 5 minutes a row under TCG):
// every example on Debian 13 and 12 and every router personality on Debian 13, each on a fresh router
// VM, applied over SSH, rebooted, rolled back, installed with install.sh and rebooted again. Prints one
// line per check as it goes and a table at the end; exits non-zero when any row failed. TEXT keeps the
// rows whose name contains it (e.g. `@bookworm`, `docker`).
import { withTsModule } from './ssr.mjs';

const only = process.argv.slice(2);
await withTsModule('/tests/lab/vm/matrix.ts', async ({ runMatrix, matrixTable }) => {
  const lines = await runMatrix((line) => console.log(line), only);
  console.log(`\n${matrixTable(lines)}`);
  process.exitCode = lines.length > 0 && lines.every((l) => l.pass) ? 0 : 1;
});
