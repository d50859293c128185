import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { buildExport, type ExportEntry } from '../../shared/export';
import type { Result } from '../../shared/ipc/contract';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { ExportError, writeExport } from '../export/write';
import { buildArchive } from './archive';
import { checkedProfile } from './checked-profile';
import { exportFolderName } from './export-name';
import type { Platform } from './platform';
import { errorText, fail, ok } from './result';
import type { Handlers } from './types';

type ExportHandlers = Pick<Handlers, 'export:folder' | 'export:archive'>;

/** The export layout for a folder named `folder`, exactly as `v6wizard export --out …/folder` builds it. */
function entriesFor(profile: Profile, version: string, folder: string): Result<ExportEntry[]> {
  try {
    return ok(buildExport({ profile, files: render(profile), version, folder }));
  } catch (e) {
    // A valid profile that does not render is a bug in v6wizard, not something the person did.
    return fail('INTERNAL', `the export could not be rendered: ${errorText(e)}`);
  }
}

/** True when the folder has anything in it (a missing folder counts as empty: it will be created). */
async function hasEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Where the export goes. A `dir` in the request is used as is, like the CLI's --out, and must be
 * absolute: a relative one would land wherever the host happened to be started. A folder chosen in
 * the dialog that already holds files (Downloads, Desktop) gets the export in a new subfolder instead,
 * because an export never mixes with other files.
 */
async function targetFolder(
  platform: Platform,
  dir: string | undefined,
  profile: Profile,
): Promise<Result<string>> {
  if (dir !== undefined) {
    if (!isAbsolute(dir)) {
      return fail(
        'BAD_REQUEST',
        `${dir}: is a relative path; give the full path of the export folder on the machine running v6wizard (e.g. /home/you/v6wizard-export).`,
      );
    }
    return ok(resolve(dir));
  }
  if (!platform.dialogs) {
    return fail(
      'UNSUPPORTED',
      'The browser host has no folder dialog: type the full path of the export folder, or download the export as .tar.gz or .zip.',
    );
  }
  const chosen = await platform.dialogs.chooseExportFolder();
  if (chosen === undefined) return fail('CANCELLED', 'No export folder was chosen.');
  const folder = resolve(chosen);
  return ok((await hasEntries(folder)) ? join(folder, exportFolderName(profile)) : folder);
}

/** Export to a folder (atomically, electron/export/write.ts) or as a downloadable archive. */
export function exportHandlers(platform: Platform, now: () => Date = () => new Date()): ExportHandlers {
  return {
    async 'export:folder'({ profile: input, dir }) {
      const profile = checkedProfile(input);
      if (!profile.ok) return profile;
      const target = await targetFolder(platform, dir, profile.value);
      if (!target.ok) return target;
      const entries = entriesFor(profile.value, platform.version, basename(target.value));
      if (!entries.ok) return entries;
      try {
        writeExport(target.value, entries.value);
      } catch (e) {
        // writeExport's own refusals already name the folder and say what to do.
        const message =
          e instanceof ExportError ? e.message : `${target.value}: could not be written: ${errorText(e)}`;
        return fail('IO_ERROR', message);
      }
      return ok({ dir: target.value, files: entries.value.length });
    },

    async 'export:archive'({ profile: input, format }) {
      const profile = checkedProfile(input);
      if (!profile.ok) return profile;
      const folder = exportFolderName(profile.value);
      const entries = entriesFor(profile.value, platform.version, folder);
      if (!entries.ok) return entries;
      const { fileName, bytes } = buildArchive(entries.value, folder, format, now());
      return Promise.resolve(ok({ fileName, base64: bytes.toString('base64') }));
    },
  };
}
