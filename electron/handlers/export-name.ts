import type { Profile } from '../../shared/profile/types';

/**
 * A profile name reduced to lowercase letters, digits and '-' (at most 40 characters), so it is a safe
 * file name on every OS whatever was typed; '' when nothing usable is left.
 */
export function fileSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * The export's folder name, `v6wizard-<profile name>`: the folder inside an archive, the archive's
 * download name and the subfolder made in a chosen non-empty folder.
 */
export function exportFolderName(profile: Profile): string {
  const slug = fileSlug(profile.name);
  return slug === '' ? 'v6wizard-export' : `v6wizard-${slug}`;
}
