import { isAbsolute, resolve } from 'node:path';
import type { Handlers } from './types';
import type { Platform } from './platform';
import { readProfileFile, suggestedFileName, writeProfileFile } from './profile-files';
import { fail, ok } from './result';

type ProfileHandlers = Pick<
  Handlers,
  'profile:openDialog' | 'profile:read' | 'profile:save' | 'profile:recent'
>;

/** What the page should do instead of a native dialog in the browser host. */
const NO_OPEN_DIALOG =
  'The browser host has no file dialogs: choose the profile with the "Open profile" file picker in the page.';
const NO_SAVE_DIALOG =
  'The browser host has no file dialogs: use "Download profile" to save it with your browser.';

/**
 * Whether `path` is one of the recent profiles. Reading and overwriting by path is limited to files the
 * person chose (in a dialog, or saved earlier), which the recent list records: even a compromised page
 * cannot use these channels to read or replace any other file the app's user can reach.
 */
async function isRecent(platform: Platform, path: string): Promise<boolean> {
  return (await platform.recent.list()).includes(path);
}

/** Open, read, save and the recent list. */
export function profileHandlers(platform: Platform): ProfileHandlers {
  return {
    async 'profile:openDialog'() {
      if (!platform.dialogs) return fail('UNSUPPORTED', NO_OPEN_DIALOG);
      const path = await platform.dialogs.openProfile();
      if (path === undefined) return fail('CANCELLED', 'No profile was chosen.');
      const opened = await readProfileFile(resolve(path));
      if (opened.ok) await platform.recent.add(opened.value.path);
      return opened;
    },

    async 'profile:read'({ path }) {
      const absolute = resolve(path);
      if (!isAbsolute(path) || !(await isRecent(platform, absolute))) {
        return fail(
          'NOT_FOUND',
          `${path}: is not in the recent profiles (moved or deleted?); open it with "Open profile".`,
        );
      }
      const opened = await readProfileFile(absolute);
      if (opened.ok) await platform.recent.add(absolute);
      return opened;
    },

    async 'profile:save'({ path, text }) {
      let target: string;
      if (path !== undefined) {
        target = resolve(path);
        if (!isAbsolute(path) || !(await isRecent(platform, target))) {
          return fail(
            'BAD_REQUEST',
            `${path}: is not the open profile; use "Save As…" to choose where a new profile goes.`,
          );
        }
      } else {
        if (!platform.dialogs) return fail('UNSUPPORTED', NO_SAVE_DIALOG);
        const chosen = await platform.dialogs.saveProfile(suggestedFileName(text));
        if (chosen === undefined) return fail('CANCELLED', 'The profile was not saved.');
        target = resolve(chosen);
      }
      const saved = await writeProfileFile(target, text);
      if (saved.ok) await platform.recent.add(target);
      return saved;
    },

    async 'profile:recent'() {
      return ok({ paths: await platform.recent.list() });
    },
  };
}
