import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import type { RenderedFile } from '../../shared/render/types';

/**
 * Golden files: each case is a folder under `shared/render/golden/<case>/` holding every rendered
 * file at its router path, plus `_files.json` with the metadata (mode, owner, service, stage,
 * validate). The folder is the exact set of files; a diff of the repo reads like the change it is.
 * `npm run golden:update` (V6WIZARD_UPDATE_GOLDEN=1) rewrites them; review the diff before committing.
 */
const ROOT = join(import.meta.dirname, '../../shared/render/golden');
const UPDATE = process.env['V6WIZARD_UPDATE_GOLDEN'] === '1';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function metadata(files: RenderedFile[]): string {
  const meta = files.map(({ content: _content, ...rest }) => ({
    ...rest,
    mode: `0${rest.mode.toString(8)}`,
  }));
  return `${JSON.stringify(meta, null, 2)}\n`;
}

export function expectGolden(caseName: string, files: RenderedFile[]): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(caseName)) throw new Error(`bad golden case name ${caseName}`);
  const dir = join(ROOT, caseName);
  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    for (const f of files) {
      const target = join(dir, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '_files.json'), metadata(files));
    return;
  }
  let onDisk: string[];
  try {
    onDisk = walk(dir).map((p) => `/${relative(dir, p)}`);
  } catch {
    throw new Error(`no golden files for case "${caseName}": run npm run golden:update and review them`);
  }
  expect(onDisk.filter((p) => p !== '/_files.json').sort(), `files of golden case ${caseName}`).toEqual(
    files.map((f) => f.path).sort(),
  );
  for (const f of files) {
    expect(f.content, `${caseName}: ${f.path}`).toBe(readFileSync(join(dir, f.path), 'utf8'));
  }
  expect(metadata(files), `${caseName}: _files.json`).toBe(readFileSync(join(dir, '_files.json'), 'utf8'));
}

/**
 * One golden text file at `path` (relative to the repo), for renderings that are not a set of router
 * files (an export's install.sh and manifest.json). Rewritten by `npm run golden:update` like the rest.
 */
export function expectGoldenText(path: string, text: string): void {
  const file = join(import.meta.dirname, '../..', path);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  let onDisk: string;
  try {
    onDisk = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no golden file ${path}: run npm run golden:update and review it`);
  }
  expect(text, path).toBe(onDisk);
}
