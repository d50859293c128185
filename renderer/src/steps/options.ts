import { t, type MessageKey } from '../i18n/index.svelte';

/** Select options for an enum, labelled from the catalogue (`opt.<group>.<value>`). */
export function options<T extends string>(
  values: readonly T[],
  key: (value: T) => MessageKey,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: t(key(value)) }));
}
