#!/usr/bin/env node
// The v6wizard command line. The code lives in dist/cli/main.mjs, built from electron/cli/ by
// `npm run build:cli` (npm install runs it through `prepare`).
let cli;
try {
  cli = await import('../dist/cli/main.mjs');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  console.error('v6wizard: the command line is not built yet; run: npm run build:cli');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
