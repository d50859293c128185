import { readFileSync } from 'node:fs';
import type { Profile } from '../../shared/profile/types';
import { parseProfileJson } from '../../shared/profile/parse';
import { validateProfile, type Problem } from '../../shared/validate';
import { formatProblem } from '../../shared/validate/problem';
import type { Io } from './output';

/** Profiles are small; a bigger file is refused before parsing so a wrong path cannot eat memory. */
const MAX_BYTES = 1024 * 1024;

/**
 * Read and validate a profile file, printing every problem (errors and warnings, in profile order) to
 * stderr as `path: message`. Returns the valid profile, or undefined when it must be refused.
 */
export function loadProfile(file: string, io: Io): Profile | undefined {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_BYTES) {
      io.err(`${file}: is ${buf.length} bytes; a profile is at most ${MAX_BYTES}`);
      return undefined;
    }
    text = buf.toString('utf8');
  } catch (e) {
    io.err(`${file}: cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
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
