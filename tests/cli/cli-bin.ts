import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/v6wizard.mjs');
const BUNDLE = join(REPO, 'dist/cli/main.mjs');
const SOURCES = [
  'shared',
  'templates',
  'electron/cli',
  'electron/export',
  'electron/fs',
  'electron/ssh',
  'electron/detect',
  'electron/apply',
  'vite.cli.config.ts',
  'package.json',
];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/**
 * The tests run the real CLI the way a person does (`node bin/v6wizard.mjs`), so the bundle must be
 * current: rebuild it when any source is newer (npm test builds it first, so this is usually a no-op).
 */
export function ensureCliBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > Math.max(...SOURCES.map((s) => newest(join(REPO, s))))) return;
  const run = spawnSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'warn'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the CLI does not build:\n${run.stdout}${run.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/v6wizard.mjs ARGS` and capture everything. */
export function cli(args: string[], cwd = REPO): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
