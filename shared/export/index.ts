import type { Profile } from '../profile/types';
import type { RenderedFile } from '../render/types';
import { installScript } from './install-script';
import { manifest, modeText } from './manifest';
import { readme } from './readme';

/** One file of an export folder, relative to the folder (e.g. `files/etc/radvd.conf`). */
export interface ExportEntry {
  path: string;
  mode: number;
  content: string;
}

export interface ExportInput {
  profile: Profile;
  files: readonly RenderedFile[];
  /** v6wizard's version, recorded in the manifest and README. */
  version: string;
  /** The export folder's name, used in README's instructions. */
  folder: string;
}

/** A router path that is absolute, normalized and cannot climb out of files/ in the export. */
function checkRouterPath(path: string): void {
  const parts = path.split('/');
  if (
    !path.startsWith('/') ||
    parts.slice(1).some((p) => p === '' || p === '.' || p === '..') ||
    path.includes('\0')
  ) {
    throw new Error(`refusing to export a file with an unsafe path: ${JSON.stringify(path)}`);
  }
}

/**
 * The whole export layout as data: `files/<router path>`, `manifest.json`, `install.sh`, `README.txt`.
 * Pure; electron/export writes it to disk.
 */
export function buildExport(input: ExportInput): ExportEntry[] {
  const { profile, files, version, folder } = input;
  for (const f of files) checkRouterPath(f.path);
  return [
    ...files.map((f) => ({ path: `files${f.path}`, mode: f.mode, content: f.content })),
    {
      path: 'manifest.json',
      mode: 0o644,
      content: `${JSON.stringify(manifest(profile, files, version), null, 2)}\n`,
    },
    { path: 'install.sh', mode: 0o755, content: installScript(profile, files) },
    { path: 'README.txt', mode: 0o644, content: readme(profile, files, version, folder) },
  ];
}

export { manifest, modeText };
export type { Manifest, ManifestFile } from './manifest';
