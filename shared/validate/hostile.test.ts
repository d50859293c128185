import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullProfile, STRING_FIELDS, withValueAt } from './rules/hostile-fields';
import { validateProfile, type Problem } from './index';

/** Characters that are syntax somewhere a profile value could end up: shells, config files, argv. */
const META = [
  ';',
  '|',
  '&',
  '$',
  '`',
  '(',
  ')',
  '<',
  '>',
  "'",
  '"',
  '\\',
  '\n',
  '\r',
  '\u0000',
  ' ',
  '\t',
  '{',
  '}',
  '#',
  '*',
  '/',
];
const HOSTILE = [
  '',
  ' ',
  'eth0\nAdvManagedFlag on;',
  '2001:db8::1\n};\ninterface eth9 {',
  '$(reboot)',
  '`reboot`',
  'x; rm -rf /',
  'a|b',
  'a&&b',
  '<script>',
  "it's",
  '"quoted"',
  'back\\slash',
  'nul\u0000byte',
  '\u202eevil',
  'zero\u200bwidth',
  'ｅｔｈ０',
  'line\u2028sep',
  '\r\n',
  '-rf',
  '..',
  'a'.repeat(10_000),
  '192.0.2.1',
  '2001:db8::1',
  '2001:db8::/48',
  '::ffff:192.0.2.1',
  'fe80::1%eth0',
];

const errorsAt = (problems: readonly Problem[], path: string): Problem[] =>
  problems.filter((p) => p.severity === 'error' && p.path === path);
const crashed = (problems: readonly Problem[]): Problem[] =>
  problems.filter((p) => p.message.startsWith('could not be checked'));

function check(path: string, allow: (v: string) => boolean, value: string): void {
  let problems: Problem[] = [];
  expect(() => (problems = validateProfile(withValueAt(fullProfile(), path, value)).problems)).not.toThrow();
  expect(crashed(problems), `a rule threw on ${JSON.stringify(value.slice(0, 80))}`).toEqual([]);
  const rejected = errorsAt(problems, path).length > 0;
  // Accepted only if it matches the field's allowlist; anything outside it is an error at that very path.
  if (!allow(value)) expect(rejected, `${path} accepted ${JSON.stringify(value.slice(0, 80))}`).toBe(true);
  // Every message stays on one line, whatever the value held.
  // eslint-disable-next-line no-control-regex
  for (const p of problems) expect(p.message, p.path).not.toMatch(/[\n\r\u0000\u202e\u2028]/);
}

describe('validateProfile on hostile input', () => {
  it('starts from a full profile that has no errors', () => {
    const v = validateProfile(fullProfile());
    expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('has an allowlist for every string field the full profile has', () => {
    const paths: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node === 'string') paths.push(path);
      else if (Array.isArray(node))
        node.forEach((v, i) => {
          walk(v, `${path}[${i}]`);
        });
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(fullProfile(), '');
    expect(STRING_FIELDS.map((f) => f.path).sort()).toEqual(paths.sort());
  });

  describe.each(STRING_FIELDS)('$path', ({ path, allow }) => {
    it('refuses every hostile value with an error at this path unless the allowlist admits it', () => {
      for (const value of HOSTILE) check(path, allow, value);
    });

    it('refuses a valid value with any metacharacter inserted', () => {
      const valid = String(
        path
          .replace(/\[(\d+)\]/g, '.$1')
          .split('.')
          .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], fullProfile()),
      );
      for (const meta of META) {
        for (const value of [
          valid + meta,
          meta + valid,
          `${valid.slice(0, 1)}${meta}${valid.slice(1)}`,
          `${valid}${meta}x`,
        ]) {
          check(path, allow, value);
          // Besides the free-text description and the two path-like fields, no field admits these at all.
          if (!['description', '$schema'].includes(path) && meta !== '/' && meta !== ' ') {
            expect(
              errorsAt(validateProfile(withValueAt(fullProfile(), path, value)).problems, path).length,
              `${path} ${JSON.stringify(value)}`,
            ).toBeGreaterThan(0);
          }
        }
      }
    });

    it('never throws and accepts only allowlisted random strings', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 300 }),
            fc.string({ unit: 'grapheme', maxLength: 40 }),
            fc.stringMatching(/^[0-9a-fA-F:./]{0,45}$/),
            fc.constantFrom(...HOSTILE),
          ),
          (value) => {
            check(path, allow, value);
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  it('never throws on structurally random input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(() => validateProfile(input)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
