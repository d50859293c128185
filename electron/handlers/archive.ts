import { dirname } from 'node:path/posix';
import type { ArchiveFormat } from '../../shared/ipc/contract';
import type { ExportEntry } from '../../shared/export';
import { assertNever } from '../../shared/util/assert-never';
import { tarGz, type TarMember } from '../export/tar';
import { zipArchive } from '../export/zip';

/**
 * Every folder and file of the export under one top folder, parents before children, so both archive
 * formats unpack to exactly the folder `v6wizard export --out <top>` writes (same names, bytes, modes).
 */
export function exportMembers(entries: readonly ExportEntry[], top: string): TarMember[] {
  const dirs = new Set<string>();
  for (const e of entries) {
    for (let d = dirname(e.path); d !== '.'; d = dirname(d)) dirs.add(d);
  }
  return [
    { path: top, mode: 0o755, type: 'dir' },
    ...[...dirs].sort().map((d): TarMember => ({ path: `${top}/${d}`, mode: 0o755, type: 'dir' })),
    ...entries.map((e): TarMember => ({
      path: `${top}/${e.path}`,
      mode: e.mode,
      type: 'file',
      content: Buffer.from(e.content, 'utf8'),
    })),
  ];
}

/** The export as one archive in `format`, with its download name. */
export function buildArchive(
  entries: readonly ExportEntry[],
  top: string,
  format: ArchiveFormat,
  now: Date,
): { fileName: string; bytes: Buffer } {
  const members = exportMembers(entries, top);
  switch (format) {
    case 'tar.gz':
      return { fileName: `${top}.tar.gz`, bytes: tarGz(members, Math.floor(now.getTime() / 1000)) };
    case 'zip':
      return { fileName: `${top}.zip`, bytes: zipArchive(members, now) };
    default:
      return assertNever(format);
  }
}
