import { tMaybe, t } from '../i18n/index.svelte';
import { candidatePaths, fieldKey, rowNumber } from '../wizard/fields';

/**
 * The name of the field a problem is about, from its path alone: the catalogue labels fields by path,
 * so `firewall.openings[1].port` reads "Port (entry 2)". Falls back to the path itself.
 */
export function problemLabel(path: string): string {
  for (const candidate of candidatePaths(path)) {
    const label = tMaybe(`f.${fieldKey(candidate)}`);
    if (label !== undefined) {
      const n = rowNumber(path);
      return n === undefined ? label : t('summary.row', { label, n });
    }
  }
  return path === '' ? t('f.name') : path;
}
