import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { replaceFile } from '../fs/replace-file';

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
 * Writes `value` as JSON with the given file mode, which the temporary file has from its creation
 * (replaceFile), so a secret file is never readable by others.
 */
export async function writeJsonFileAtomic(path: string, value: unknown, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await replaceFile(path, `${JSON.stringify(value, null, 2)}\n`, mode);
}
