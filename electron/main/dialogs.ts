import { basename, join } from 'node:path';
import type { Dialogs } from '../handlers/platform';

/**
 * The Dialogs of the Electron platform on top of Electron's `dialog` module, written against this
 * structural slice of it so the adapter is tested with a fake. Every dialog is modal to our window:
 * a free-floating dialog can end up behind the window, and the person thinks the app hung.
 */

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenDialogOptionsLike {
  title: string;
  buttonLabel: string;
  defaultPath: string;
  filters?: FileFilter[];
  properties: ('openFile' | 'openDirectory' | 'createDirectory' | 'promptToCreate')[];
}

export interface SaveDialogOptionsLike {
  title: string;
  buttonLabel: string;
  defaultPath: string;
  filters: FileFilter[];
  properties: ('showOverwriteConfirmation' | 'createDirectory')[];
}

export interface DialogLike<W> {
  showOpenDialog(
    window: W,
    options: OpenDialogOptionsLike,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: SaveDialogOptionsLike): Promise<{ canceled: boolean; filePath: string }>;
}

export interface DialogsOptions<W> {
  dialog: DialogLike<W>;
  /** Our window; undefined while there is none (then there is nobody to ask, and it counts as cancelled). */
  window: () => W | undefined;
  /** Where dialogs start (app.getPath('documents')). */
  startDir: () => string;
}

const PROFILE_FILTERS: FileFilter[] = [
  { name: 'v6wizard profile (JSON)', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * The file name part of a suggested name. The suggestion comes from the page; only its last path
 * component is used, so it can propose a name but never steer the dialog into another folder.
 */
export function suggestedFileName(suggested: string): string {
  const name = basename(suggested.replaceAll('\\', '/')).trim();
  return name === '' || name === '.' || name === '..' ? 'router.json' : name;
}

/** The platform's Dialogs: open profile, save profile, export folder; undefined means cancelled. */
export function createElectronDialogs<W>(options: DialogsOptions<W>): Dialogs {
  const { dialog } = options;
  const open = async (dialogOptions: OpenDialogOptionsLike): Promise<string | undefined> => {
    const window = options.window();
    if (window === undefined) return undefined;
    const result = await dialog.showOpenDialog(window, dialogOptions);
    return result.canceled ? undefined : result.filePaths[0];
  };
  return {
    openProfile: () =>
      open({
        title: 'Open a v6wizard profile',
        buttonLabel: 'Open',
        defaultPath: options.startDir(),
        filters: PROFILE_FILTERS,
        properties: ['openFile'],
      }),
    async saveProfile(suggestedName) {
      const window = options.window();
      if (window === undefined) return undefined;
      const result = await dialog.showSaveDialog(window, {
        title: 'Save the profile',
        buttonLabel: 'Save',
        defaultPath: join(options.startDir(), suggestedFileName(suggestedName)),
        filters: PROFILE_FILTERS,
        // GTK does not ask before replacing a file unless told to; a profile is worth the question.
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      return result.canceled || result.filePath === '' ? undefined : result.filePath;
    },
    chooseExportFolder: () =>
      open({
        // The export never mixes with other files (electron/export/write.ts), so say so up front.
        title: 'Choose a new or empty folder for the export',
        buttonLabel: 'Export here',
        defaultPath: options.startDir(),
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      }),
  };
}
