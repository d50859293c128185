import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './host';

/**
 * The Electron binary the `electron` npm package would start, or undefined when there is none. The
 * package downloads its binary on first use, which fails on machines without GitHub access (see
 * docs/machine-notes); ELECTRON_OVERRIDE_DIST_PATH points at an unpacked Electron instead.
 * Read from the package's files rather than `require('electron')`, which throws without the binary.
 */
export function electronBinary(): string | undefined {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const pkg = join(ROOT, 'node_modules/electron');
  let candidate: string | undefined;
  if (override !== undefined && override !== '') {
    candidate = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
  } else if (existsSync(join(pkg, 'path.txt'))) {
    candidate = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
  }
  return candidate !== undefined && existsSync(candidate) ? candidate : undefined;
}

/** Printed where the Electron run could not happen, so nobody mistakes a skip for a pass. */
export function electronAbsentBanner(): string {
  const line = '='.repeat(78);
  return [
    line,
    'ELECTRON END-TO-END TESTS DID NOT RUN: there is no Electron binary on this machine',
    '(node_modules/electron has not downloaded one, and ELECTRON_OVERRIDE_DIST_PATH is not set).',
    'The same journeys ran in Chromium against the browser host (tests/e2e/wizard.test.ts).',
    'To run them here: ELECTRON_OVERRIDE_DIST_PATH=/path/to/unpacked/electron npx vitest run tests/e2e',
    line,
  ].join('\n');
}
