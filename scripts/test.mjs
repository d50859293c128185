#!/usr/bin/env node
// `npm test`: the whole check, in the order a failure is cheapest to find. Each step is printed with
// its duration; the first failure stops the run with a non-zero exit.
import { spawnSync } from 'node:child_process';
import { ensureTestDeps } from './test-deps.mjs';

const steps = [
  ['CLI build', 'npm', ['run', '--silent', 'build:cli']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['tests', 'npx', ['vitest', 'run']],
];

function step(name, fn) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const ok = fn();
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) process.exit(1);
}

step('test dependencies (Debian packages)', ensureTestDeps);
for (const [name, cmd, args] of steps) {
  step(`${name}: ${cmd} ${args.join(' ')}`, () => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0);
}
console.log('\nall checks passed');
