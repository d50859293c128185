import type { Result } from '../../shared/ipc/contract';
import type { Profile } from '../../shared/profile/types';
import { validateProfile } from '../../shared/validate';
import { formatProblem } from '../../shared/validate/problem';
import { fail, ok } from './result';

/**
 * The profile of an export request, re-validated with the same shared/ validator the page and the CLI
 * use: the page's own check is a convenience, this one is the gate, because nothing is rendered or
 * written from a profile that has errors. VALIDATION_FAILED lists one `path: message` line per error
 * (the CLI's format); warnings do not block and are left to the page, which shows them with reasons.
 */
export function checkedProfile(input: unknown): Result<Profile> {
  const { profile, problems, ok: valid } = validateProfile(input);
  if (valid && profile) return ok(profile);
  const errors = problems.filter((p) => p.severity === 'error').map(formatProblem);
  return fail(
    'VALIDATION_FAILED',
    errors.length > 0 ? errors.join('\n') : '(profile): is not a v6wizard profile',
  );
}
