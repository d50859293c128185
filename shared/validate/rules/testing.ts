import { defaultProfile } from '../../profile/defaults';
import type { Profile } from '../../profile/types';
import type { Problem } from '../problem';

/**
 * Test helpers for the rules (no test framework imports, so the file type-checks with shared/).
 * `profileWith` starts from the default profile, which has no problems, so every problem a test sees
 * comes from the one change it made.
 */
export function profileWith(change: (p: Profile) => void): Profile {
  const p = defaultProfile();
  change(p);
  return p;
}

/** The problems at exactly `path`, as `severity: message` lines, for readable assertions. */
export function at(problems: readonly Problem[], path: string): string[] {
  return problems.filter((p) => p.path === path).map((p) => `${p.severity}: ${p.message}`);
}

/** Only the paths that have an error. */
export function errorPaths(problems: readonly Problem[]): string[] {
  return problems.filter((p) => p.severity === 'error').map((p) => p.path);
}
