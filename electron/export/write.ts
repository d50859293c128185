import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExportEntry } from '../../shared/export';
import { writeTempSync } from '../fs/replace-file';
import { tarGz, type TarMember } from './tar';

export class ExportError extends Error {}

/** True when the path does not exist or is an empty folder; throws ExportError when it is something else. */
function isFreeTarget(dir: string): boolean {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return true;
  }
  if (!stat.isDirectory()) throw new ExportError(`${dir}: exists and is not a folder; choose another --out`);
  if (readdirSync(dir).length > 0) {
    throw new ExportError(
      `${dir}: exists and is not empty; v6wizard never mixes an export with other files. Choose a new folder or empty this one.`,
    );
  }
  return false;
}

/** Every folder and file of the export, parents before children, for the tar archive. */
function members(entries: readonly ExportEntry[], top: string): TarMember[] {
  const dirs = new Set<string>();
  for (const e of entries) {
    for (let d = dirname(e.path); d !== '.'; d = dirname(d)) dirs.add(d);
  }
  return [
    { path: top, mode: 0o755, type: 'dir' as const },
    ...[...dirs].sort().map((d) => ({ path: `${top}/${d}`, mode: 0o755, type: 'dir' as const })),
    ...entries.map((e) => ({
      path: `${top}/${e.path}`,
      mode: e.mode,
      type: 'file' as const,
      content: Buffer.from(e.content, 'utf8'),
    })),
  ];
}

export interface WriteOptions {
  /** Also write a .tar.gz of the same layout here. */
  tar?: string;
  /** Called after each file is written; tests use it to fail part way. */
  afterFile?: (path: string) => void;
}

/**
 * Write an export so that DIR either appears complete or not at all: everything is built in a temp
 * folder next to DIR (same filesystem) and renamed into place at the end. DIR must not exist or be an
 * empty folder — an export never mixes with, or silently replaces, other files. The tar archive is
 * likewise written to a new temp file (writeTempSync: a random name, never through a symlink) and
 * renamed. On any failure the temp folder and file are removed.
 */
export function writeExport(dir: string, entries: readonly ExportEntry[], options: WriteOptions = {}): void {
  const target = resolve(dir);
  const existedEmpty = !isFreeTarget(target);
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}.v6wizard-`));
  let tarTemp: string | undefined;
  try {
    for (const e of entries) {
      const file = join(work, e.path);
      mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
      writeFileSync(file, e.content, { mode: e.mode, flag: 'wx' });
      // The umask may have cleared bits (the group/other read of 0644, the x of install.sh).
      chmodSync(file, e.mode);
      options.afterFile?.(e.path);
    }
    chmodSync(work, 0o755);
    let tarPath: string | undefined;
    if (options.tar !== undefined) {
      tarPath = resolve(options.tar);
      tarTemp = writeTempSync(
        tarPath,
        tarGz(members(entries, basename(target)), Math.floor(Date.now() / 1000)),
        0o644,
      );
    }
    // Re-check just before the rename: another process may have filled DIR meanwhile.
    isFreeTarget(target);
    if (existedEmpty) rmdirSync(target);
    renameSync(work, target);
    if (tarTemp !== undefined && tarPath !== undefined) {
      renameSync(tarTemp, tarPath);
      tarTemp = undefined;
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    if (tarTemp !== undefined) rmSync(tarTemp, { force: true });
    throw e;
  }
}
