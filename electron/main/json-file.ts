import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Small JSON files in the app's userData folder (window state, secrets). Reads treat a missing file as
 * "nothing saved yet"; writes go to a temporary file in the same folder and are renamed into place, so
 * a crash or a full disk never leaves half a file that the next start cannot parse.
 */

/** The parsed file, or undefined when it does not exist. Throws on unreadable files and bad JSON. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

/**
 * Writes `value` as JSON with the given file mode. The temporary file is created with that mode from
 * the start (`open` with `wx` and a mode), so a secret file is never readable by others, not even for
 * the moment between writing and a later chmod.
 */
export async function writeJsonFileAtomic(path: string, value: unknown, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      // Flush before the rename: otherwise a power cut can leave the new name pointing at an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}
