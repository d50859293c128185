import type { Dialogs, Platform, RecentStore, SecretStore } from './platform';

/** What a fake dialog answers: a path, or undefined for "cancelled". */
export interface FakeAnswers {
  open?: string | undefined;
  save?: string | undefined;
  folder?: string | undefined;
}

export interface FakePlatform extends Platform {
  /** Every dialog call, e.g. `save:profile.json`. */
  readonly dialogCalls: string[];
  readonly secretsKept: Map<string, string>;
  readonly recentPaths: string[];
}

/**
 * A Platform for the handler tests: dialogs answer from `answers`, secrets live in a Map (or the store
 * reports `basic_text` and refuses), and the recent list is an array, newest first.
 */
export function fakePlatform(
  options: {
    answers?: FakeAnswers;
    dialogs?: boolean;
    secretsAvailable?: boolean;
    runtime?: 'electron' | 'web';
  } = {},
): FakePlatform {
  const answers = options.answers ?? {};
  const dialogCalls: string[] = [];
  const secretsKept = new Map<string, string>();
  const recentPaths: string[] = [];
  const available = options.secretsAvailable ?? true;
  const dialogs: Dialogs = {
    openProfile: () => {
      dialogCalls.push('open');
      return Promise.resolve(answers.open);
    },
    saveProfile: (name) => {
      dialogCalls.push(`save:${name}`);
      return Promise.resolve(answers.save);
    },
    chooseExportFolder: () => {
      dialogCalls.push('folder');
      return Promise.resolve(answers.folder);
    },
  };
  const secrets: SecretStore = {
    status: () => ({ available, backend: available ? 'gnome_libsecret' : 'basic_text' }),
    set: (ref, value) => {
      secretsKept.set(ref, value);
      return Promise.resolve();
    },
    has: (ref) => Promise.resolve(secretsKept.has(ref)),
    delete: (ref) => Promise.resolve(secretsKept.delete(ref)),
    get: (ref) => Promise.resolve(secretsKept.get(ref)),
  };
  const recent: RecentStore = {
    list: () => Promise.resolve([...recentPaths]),
    add: (path) => {
      const i = recentPaths.indexOf(path);
      if (i >= 0) recentPaths.splice(i, 1);
      recentPaths.unshift(path);
      return Promise.resolve();
    },
  };
  return {
    runtime: options.runtime ?? 'electron',
    version: '9.9.9-test',
    ...(options.dialogs === false ? {} : { dialogs }),
    secrets,
    recent,
    dialogCalls,
    secretsKept,
    recentPaths,
  };
}
