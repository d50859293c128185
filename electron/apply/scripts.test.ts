import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as sh from './scripts';

/**
 * Each program the engine sends, as assembled (library functions joined in front, restore.sh's marker
 * filled): bash must parse it and shellcheck must pass it. The pieces are checked one by one elsewhere;
 * this catches what only the assembly can break (a `$'…'` read as a replacement pattern once did).
 */
describe('the assembled router scripts', () => {
  for (const [name, text] of Object.entries(sh)) {
    it(`${name} parses (bash -n) and passes shellcheck`, () => {
      const parse = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
      expect(parse.status, parse.stderr).toBe(0);
      const lint = spawnSync('shellcheck', ['-s', 'bash', '-S', 'warning', '-'], {
        input: text,
        encoding: 'utf8',
      });
      expect(lint.status, lint.stdout).toBe(0);
    });
  }
});
