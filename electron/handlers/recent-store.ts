import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { replaceFile } from '../fs/replace-file';
import type { RecentStore } from './platform';

/** How many profiles the Start step offers; more is a list nobody reads. */
export const MAX_RECENT = 10;
const FILE_NAME = 'recent.json';

interface RecentFile {
  version: 1;
  paths: string[];
}

/** The stored paths; a missing, unreadable or malformed file is an empty list, never an error. */
async function load(file: string): Promise<string[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null || !('paths' in data) || !Array.isArray(data.paths))
    return [];
  return data.paths.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Recent profiles as `recent.json` in `configDir` (Electron's userData, or ~/.config/v6wizard for the
 * browser host): newest first, at most MAX_RECENT, each path absolute. `list()` leaves out files that
 * are gone, so the Start step never offers something that cannot be opened. Writes go to a temp file
 * renamed into place, so a crash never leaves half a JSON file behind.
 */
export function createFileRecentStore(configDir: string): RecentStore {
  const file = join(configDir, FILE_NAME);
  return {
    async list() {
      const paths = await load(file);
      const present = await Promise.all(paths.map(isFile));
      return paths.filter((_, i) => present[i] === true);
    },
    async add(path) {
      const absolute = resolve(path);
      const paths = [absolute, ...(await load(file)).filter((p) => p !== absolute)].slice(0, MAX_RECENT);
      const content: RecentFile = { version: 1, paths };
      await mkdir(configDir, { recursive: true, mode: 0o700 });
      await replaceFile(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
    },
  };
}
