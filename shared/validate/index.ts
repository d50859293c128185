import { parseProfile } from '../profile/parse';
import type { Profile } from '../profile/types';
import { hasErrors, type Problem } from './problem';
import { RULES } from './rules';
import { escapeHidden } from './rules/show';

export interface Validation {
  /** The typed profile when its shape was right (it may still have semantic errors). */
  profile: Profile | undefined;
  /** Every problem at once, errors and warnings, in profile order. */
  problems: Problem[];
  /** True when nothing blocks rendering. */
  ok: boolean;
}

/**
 * Validate untrusted input (a parsed JSON value, a form's state): shape first, then every semantic
 * rule. Never throws — a rule that crashes on hostile input is reported as a problem, not an exception.
 */
export function validateProfile(input: unknown): Validation {
  const parsed = parseProfile(input);
  const problems = [...parsed.problems];
  const profile = parsed.profile;
  if (profile) {
    for (const rule of RULES) {
      try {
        problems.push(...rule(profile));
      } catch (e) {
        problems.push({
          path: '(profile)',
          severity: 'error',
          message: `could not be checked (${rule.name}): ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  }
  // Some messages quote the offending value (the shape readers do); a hostile value must not be able
  // to break a message across lines or hide text in the UI, the CLI or a log.
  const safe = problems.map((p) => ({ ...p, message: escapeHidden(p.message) }));
  return { profile, problems: safe, ok: profile !== undefined && !hasErrors(safe) };
}

export type { Problem } from './problem';
