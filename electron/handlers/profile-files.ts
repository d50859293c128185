import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { OpenedProfile, Result } from '../../shared/ipc/contract';
import { MAX_PROFILE_TEXT } from '../../shared/ipc/validate-request';
import { replaceFile } from '../fs/replace-file';
import { fileSlug } from './export-name';
import { fail, fileError, ok } from './result';

/**
 * Read a profile file as text. Only regular files, and at most MAX_PROFILE_TEXT bytes: a wrong path
 * (a device, a huge log) must not hang or eat memory. The page parses and validates the text itself.
 */
export async function readProfileFile(path: string): Promise<Result<OpenedProfile>> {
  let handle;
  try {
    // Non-blocking: opening a FIFO would otherwise wait for a writer forever (and hold one of libuv's
    // few threads meanwhile); the stat below then refuses it. A regular file reads as ever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fileError(path, 'read', e);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return fail('IO_ERROR', `${path}: is not a file`);
    if (info.size > MAX_PROFILE_TEXT) {
      return fail('IO_ERROR', `${path}: is ${info.size} bytes; a profile is at most ${MAX_PROFILE_TEXT}`);
    }
    return ok({ path, text: await handle.readFile('utf8') });
  } catch (e) {
    return fileError(path, 'read', e);
  } finally {
    await handle.close();
  }
}

/**
 * Write profile text to `path` through a new temp file in the same folder and a rename (replaceFile),
 * so a crash or a full disk never leaves a half-written profile in place of a good one. Refuses to
 * replace anything but a regular file.
 */
export async function writeProfileFile(path: string, text: string): Promise<Result<{ path: string }>> {
  try {
    const existing = await stat(path);
    if (!existing.isFile()) return fail('IO_ERROR', `${path}: exists and is not a file`);
  } catch {
    // Not there yet: a new file.
  }
  try {
    await replaceFile(path, text, 0o644);
    return ok({ path });
  } catch (e) {
    return fileError(path, 'saved', e);
  }
}

/** The save dialog's suggested name: the profile's `name` from its text, made a safe file name. */
export function suggestedFileName(text: string): string {
  let name: unknown;
  try {
    const data: unknown = JSON.parse(text);
    name = typeof data === 'object' && data !== null && 'name' in data ? data.name : undefined;
  } catch {
    name = undefined;
  }
  const slug = typeof name === 'string' ? fileSlug(name) : '';
  return `${slug === '' ? 'profile' : slug}.json`;
}
