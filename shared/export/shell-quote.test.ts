import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shQuote, shWords } from './shell-quote';

/** Ask a real bash what quoted words turn into (at least one word: printf with none still prints once). */
function bashArgs(code: string): string[] {
  const run = spawnSync('bash', ['-c', `printf '%s\\0' ${code}`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\0').slice(0, -1);
}

describe('shQuote', () => {
  it('keeps hostile text literal', () => {
    const hostile = [
      "it's",
      '$(touch /tmp/pwned)',
      '`id`',
      'a b\tc\nd',
      '"; rm -rf / #',
      '\\',
      "'",
      "''",
      '$HOME',
      '*',
      '',
    ];
    expect(bashArgs(shWords(hostile))).toEqual(hostile);
  });

  it('round-trips any text through bash', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 4 },
        ),
        (words) => {
          // bash reads its script as bytes; lone surrogates cannot be represented, so compare what survives UTF-8.
          const clean = words.map((w) => Buffer.from(w, 'utf8').toString('utf8'));
          expect(bashArgs(shWords(clean))).toEqual(clean);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses NUL', () => {
    expect(() => shQuote('a\0b')).toThrow(/NUL/);
  });
});
