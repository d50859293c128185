import { parseProfileJson } from '../../../shared/profile/parse';
import type { Profile } from '../../../shared/profile/types';
import type { Problem } from '../../../shared/validate';

export type Opened = { ok: true; profile: Profile } | { ok: false; problems: Problem[] };

/**
 * Read a profile file's text. Older versions are migrated inside parseProfile (shared/profile/parse.ts
 * `migrate`). A file whose shape is wrong is refused with its problems rather than half-loaded: the
 * form edits a typed profile, and guessing missing sections would silently change the person's setup.
 */
export function openProfileText(text: string): Opened {
  const parsed = parseProfileJson(text);
  return parsed.profile ? { ok: true, profile: parsed.profile } : { ok: false, problems: parsed.problems };
}

/** The JSON a profile is saved as: `version` included, two-space indent, a final newline like the examples. */
export function profileJson(profile: Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

/** A safe download name from the profile's name (`home router` → `home-router.json`). */
export function profileFileName(profile: Profile): string {
  const base = profile.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `${base === '' ? 'profile' : base}.json`;
}

/** The last part of a path (Unix or Windows), for showing a recent file's name. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}
