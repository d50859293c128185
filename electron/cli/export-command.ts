import { basename, resolve } from 'node:path';
import { buildExport } from '../../shared/export';
import { render } from '../../shared/render';
import { ExportError, writeExport } from '../export/write';
import { loadProfile } from './load-profile';
import type { Io } from './output';
import { VERSION } from './version';

/**
 * `v6wizard export PROFILE --out DIR [--tar FILE]`: refuses an invalid profile exactly as validate does
 * (nothing is written), otherwise renders and writes the export atomically. 1 on any failure.
 */
export function exportCommand(file: string, out: string, tar: string | undefined, io: Io): number {
  const profile = loadProfile(file, io);
  if (!profile) return 1;
  try {
    const files = render(profile);
    const entries = buildExport({ profile, files, version: VERSION, folder: basename(resolve(out)) });
    writeExport(out, entries, tar !== undefined ? { tar } : {});
    io.out(`${out}: wrote ${files.length} router file(s), manifest.json, install.sh and README.txt`);
    if (tar !== undefined) io.out(`${tar}: the same folder as a .tar.gz`);
    io.out(`Next: copy ${out} to the router, then run: sudo ./install.sh --dry-run`);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.err(e instanceof ExportError ? message : `${out}: the export could not be written: ${message}`);
    return 1;
  }
}
