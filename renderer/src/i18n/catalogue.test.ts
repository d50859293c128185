import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { format, pickLocale } from './format';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('catalogues', () => {
  it('have the same keys in English and German', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty values', () => {
    for (const [key, value] of [...Object.entries(en), ...Object.entries(de)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(format('Step {n} of {total}', { n: 2, total: 9 })).toBe('Step 2 of 9');
    expect(format('{missing} here')).toBe('{missing} here');
  });

  it('pick the first supported browser language, else English', () => {
    expect(pickLocale(['de-AT', 'en'])).toBe('de');
    expect(pickLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});
