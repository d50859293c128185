import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { BIN, ensureCliBuilt } from '../../cli/cli-bin';

/** Every file under `dir`: relative path → bytes and permission bits. */
function snapshot(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), { bytes: readFileSync(full), mode: lstatSync(full).mode & 0o7777 });
    }
  };
  walk(dir);
  return out;
}

/** Runs `v6wizard export PROFILE --out DIR [--tar FILE]` exactly as a person would. */
export function cliExport(profilePath: string, outDir: string, tarFile?: string): void {
  ensureCliBuilt();
  const args = [
    BIN,
    'export',
    profilePath,
    '--out',
    outDir,
    ...(tarFile === undefined ? [] : ['--tar', tarFile]),
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`v6wizard export failed (${run.status}):\n${run.stdout}${run.stderr}`);
}

/** Asserts two export folders hold the same files, byte for byte and with the same permissions. */
export function expectSameExport(fromUi: string, fromCli: string): number {
  const ui = snapshot(fromUi);
  const cli = snapshot(fromCli);
  expect([...ui.keys()].sort()).toEqual([...cli.keys()].sort());
  for (const [path, file] of cli) {
    const other = ui.get(path);
    // Compared as text first so a difference shows as a readable diff, then as bytes.
    expect(other?.bytes.toString('utf8'), path).toBe(file.bytes.toString('utf8'));
    expect(other?.bytes.equals(file.bytes), path).toBe(true);
    expect(other?.mode.toString(8), `${path} mode`).toBe(file.mode.toString(8));
  }
  return cli.size;
}
