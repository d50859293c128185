import { describe, expect, it } from 'vitest';
import { createElectronDialogs, suggestedFileName, type DialogLike } from './dialogs';
import { createElectronPlatform } from './platform';

interface Win {
  id: number;
}

function fakeDialog(answers: { open?: string[]; save?: string; cancel?: boolean }) {
  const shown: { kind: 'open' | 'save'; window: Win; options: unknown }[] = [];
  const dialog: DialogLike<Win> = {
    showOpenDialog: (window, options) => {
      shown.push({ kind: 'open', window, options });
      return Promise.resolve({
        canceled: !!answers.cancel,
        filePaths: answers.cancel ? [] : (answers.open ?? []),
      });
    },
    showSaveDialog: (window, options) => {
      shown.push({ kind: 'save', window, options });
      return Promise.resolve({
        canceled: !!answers.cancel,
        filePath: answers.cancel ? '' : (answers.save ?? ''),
      });
    },
  };
  return { dialog, shown };
}

const ourWindow: Win = { id: 1 };

describe('the Electron dialogs adapter', () => {
  it('opens a profile with a JSON filter, modal to our window', async () => {
    const { dialog, shown } = fakeDialog({ open: ['/home/ann/router.json'] });
    const dialogs = createElectronDialogs({
      dialog,
      window: () => ourWindow,
      startDir: () => '/home/ann/Documents',
    });
    expect(await dialogs.openProfile()).toBe('/home/ann/router.json');
    expect(shown).toEqual([
      {
        kind: 'open',
        window: ourWindow,
        options: expect.objectContaining({
          defaultPath: '/home/ann/Documents',
          properties: ['openFile'],
          filters: expect.arrayContaining([
            { name: 'v6wizard profile (JSON)', extensions: ['json'] },
          ]) as unknown,
        }) as unknown,
      },
    ]);
  });

  it('saves with the suggested name in the start folder and asks before overwriting', async () => {
    const { dialog, shown } = fakeDialog({ save: '/home/ann/Documents/lab.json' });
    const dialogs = createElectronDialogs({
      dialog,
      window: () => ourWindow,
      startDir: () => '/home/ann/Documents',
    });
    expect(await dialogs.saveProfile('lab.json')).toBe('/home/ann/Documents/lab.json');
    expect(shown[0]?.options).toMatchObject({
      defaultPath: '/home/ann/Documents/lab.json',
      properties: expect.arrayContaining(['showOverwriteConfirmation']) as unknown,
    });
  });

  it('lets the page suggest a name but never a folder', async () => {
    const { dialog, shown } = fakeDialog({ save: '/x.json' });
    const dialogs = createElectronDialogs({ dialog, window: () => ourWindow, startDir: () => '/home/ann' });
    await dialogs.saveProfile('../../etc/cron.d/evil.json');
    expect(shown[0]?.options).toMatchObject({ defaultPath: '/home/ann/evil.json' });
    expect(suggestedFileName('C:\\Users\\x\\a.json')).toBe('a.json');
    expect(suggestedFileName('')).toBe('router.json');
    expect(suggestedFileName('..')).toBe('router.json');
  });

  it('chooses an export folder, allowing a new one', async () => {
    const { dialog, shown } = fakeDialog({ open: ['/home/ann/export'] });
    const dialogs = createElectronDialogs({ dialog, window: () => ourWindow, startDir: () => '/home/ann' });
    expect(await dialogs.chooseExportFolder()).toBe('/home/ann/export');
    expect(shown[0]?.options).toMatchObject({
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
  });

  it('answers undefined when the person cancels any dialog', async () => {
    const { dialog } = fakeDialog({ cancel: true });
    const dialogs = createElectronDialogs({ dialog, window: () => ourWindow, startDir: () => '/' });
    expect(await dialogs.openProfile()).toBeUndefined();
    expect(await dialogs.saveProfile('a.json')).toBeUndefined();
    expect(await dialogs.chooseExportFolder()).toBeUndefined();
  });

  it('shows nothing and answers undefined while there is no window', async () => {
    const { dialog, shown } = fakeDialog({ open: ['/a'], save: '/b' });
    const dialogs = createElectronDialogs<Win>({ dialog, window: () => undefined, startDir: () => '/' });
    expect(await dialogs.openProfile()).toBeUndefined();
    expect(await dialogs.saveProfile('a.json')).toBeUndefined();
    expect(shown).toEqual([]);
  });
});

describe('the Electron platform', () => {
  it('is the electron runtime with dialogs, and reports changes of the recent list', async () => {
    const paths: string[] = [];
    let changes = 0;
    const { dialog } = fakeDialog({});
    const platform = createElectronPlatform({
      version: '0.1.0',
      dialogs: createElectronDialogs({ dialog, window: () => ourWindow, startDir: () => '/' }),
      secrets: {
        status: () => ({ available: false, backend: 'basic_text' }),
        set: () => Promise.reject(new Error('unused')),
        has: () => Promise.resolve(false),
        delete: () => Promise.resolve(false),
        get: () => Promise.resolve(undefined),
      },
      recent: {
        list: () => Promise.resolve([...paths]),
        add: (p) => {
          paths.unshift(p);
          return Promise.resolve();
        },
      },
      onRecentChanged: () => (changes += 1),
    });
    expect(platform.runtime).toBe('electron');
    expect(platform.dialogs).toBeDefined();
    await platform.recent.add('/home/ann/a.json');
    expect(changes).toBe(1);
    expect(await platform.recent.list()).toEqual(['/home/ann/a.json']);
  });
});
