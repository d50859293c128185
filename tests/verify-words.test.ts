import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../renderer/src/i18n/de';
import { en } from '../renderer/src/i18n/en';

/**
 * Every check the router's verify.sh reports has words in both catalogues: the Apply step shows a
 * check without them by its bare name ("boot: passed" reached the wizard that way).
 */
describe('the verification speaks in words', () => {
  it('has an apply.check.<name> text in English and German for every check verify.sh reports', () => {
    const script = readFileSync(join(import.meta.dirname, '../electron/apply/sh/verify.sh'), 'utf8');
    const names = [...new Set([...script.matchAll(/\bsay ([a-z]+) (?:ok|fail)\b/g)].map((m) => m[1]!))];
    expect(names.length).toBeGreaterThanOrEqual(8);
    const missing = names.flatMap((n) => [
      ...(`apply.check.${n}` in en ? [] : [`en: apply.check.${n}`]),
      ...(`apply.check.${n}` in de ? [] : [`de: apply.check.${n}`]),
    ]);
    expect(missing).toEqual([]);
  });
});
