import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_PROFILE_TEXT } from '../../shared/ipc/validate-request';
import type { Profile } from '../../shared/profile/types';
import { parseProfileJson } from '../../shared/profile/parse';
import { validateProfile, type Problem } from '../../shared/validate';
import { formatProblem } from '../../shared/validate/problem';
import type { Io } from './output';

/** Why a file is not read as a profile: a wrong path must not hang the CLI or eat its memory. */
function refusal(file: string, info: Stats): string | undefined {
  // A FIFO would wait for a writer forever, a device (/dev/zero) would never end.
  if (!info.isFile()) return `${file}: is not a regular file`;
  if (info.size > MAX_PROFILE_TEXT)
    return `${file}: is ${info.size} bytes; a profile is at most ${MAX_PROFILE_TEXT} bytes`;
  return undefined;
}

/** The file's text, or undefined after saying on stderr why not. Checked before it is opened and read. */
function readProfileText(file: string, io: Io): string | undefined {
  let fd: number | undefined;
  try {
    const before = refusal(file, statSync(file));
    if (before !== undefined) {
      io.err(before);
      return undefined;
    }
    // The path may have been swapped since the stat: O_NONBLOCK keeps a FIFO put there from blocking
    // the open, the checks run again on what was opened, and at most one byte past the limit is read.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const opened = refusal(file, fstatSync(fd));
    if (opened !== undefined) {
      io.err(opened);
      return undefined;
    }
    const buf = Buffer.alloc(MAX_PROFILE_TEXT + 1);
    let size = 0;
    let n: number;
    do {
      n = readSync(fd, buf, size, buf.length - size, null);
      size += n;
    } while (n > 0 && size < buf.length);
    if (size > MAX_PROFILE_TEXT) {
      io.err(`${file}: grew past ${MAX_PROFILE_TEXT} bytes while read; a profile is at most that`);
      return undefined;
    }
    return buf.toString('utf8', 0, size);
  } catch (e) {
    io.err(`${file}: cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Read and validate a profile file, printing every problem (errors and warnings, in profile order) to
 * stderr as `path: message`. Returns the valid profile, or undefined when it must be refused.
 */
export function loadProfile(file: string, io: Io): Profile | undefined {
  const text = readProfileText(file, io);
  if (text === undefined) return undefined;
  const parsed = parseProfileJson(text);
  let problems: Problem[] = parsed.problems;
  let profile: Profile | undefined;
  if (parsed.profile) {
    const validation = validateProfile(parsed.profile);
    problems = validation.problems;
    profile = validation.ok ? validation.profile : undefined;
  }
  for (const p of problems) io.err(formatProblem(p));
  return profile;
}
