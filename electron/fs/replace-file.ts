import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replace a file whole: the content goes to a temp file in the same folder (same filesystem, so the
 * rename is atomic), which is flushed and then renamed over `path`. A crash or a full disk never
 * leaves half a file in its place.
 *
 * The temp file is created new ('wx': O_CREAT|O_EXCL, which never follows a symlink) under a random
 * name: in a folder others can write, a name they could predict, opened the ordinary way, would let
 * them plant a symlink there and have this write through it into any file the person can write.
 * `mode` is the temp file's mode from its creation (less the umask), so a secret file is never
 * readable by others, not even for a moment.
 */
export async function replaceFile(path: string, content: string | Buffer, mode: number): Promise<void> {
  const temp = tempNameFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(content);
      // Flushed before the rename: otherwise a power cut can leave the new name on an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** replaceFile for synchronous callers (the known-hosts file). */
export function replaceFileSync(path: string, content: string | Buffer, mode: number): void {
  const temp = writeTempSync(path, content, mode);
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * The first half of replaceFileSync, for a caller that renames later (the export renames its archive
 * only once its folder is in place): the new, flushed temp file's name, next to `path`.
 */
export function writeTempSync(path: string, content: string | Buffer, mode: number): string {
  const temp = tempNameFor(path);
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  return temp;
}

/** A hidden name next to `path` that nobody can guess in advance. */
const tempNameFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
