import { de } from './de';
import { en, type Catalogue, type MessageKey } from './en';
import { format, pickLocale, type Locale } from './format';

const CATALOGUES: Record<Locale, Catalogue> = { en, de };

/** The language the page speaks; starts from the browser's preferred languages. */
class LocaleState {
  current: Locale = $state(pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages));
}
export const locale = new LocaleState();

/** A catalogue string in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  return format(CATALOGUES[locale.current][key], params);
}

/**
 * A string by computed key (`f.` + a profile path): fields are labelled by their path, so a problem's
 * path alone names its field. Returns undefined for a key the catalogue does not have.
 */
export function tMaybe(key: string): string | undefined {
  const catalogue: Readonly<Record<string, string>> = CATALOGUES[locale.current];
  return Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
}

export type { MessageKey, Locale };
