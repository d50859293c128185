import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { remoteCommandLine } from './command-line';

const HOSTILE = [
  '$(id)',
  '`id`',
  "a'b",
  "'",
  "''\\'",
  '"$HOME"',
  'x\ny',
  '; rm -rf /',
  '-n',
  '--',
  '',
  ' ',
  '\t*?[a]',
  'ünïcødé ☃ \u202e',
  '${IFS}',
  '\\',
  '!!',
  '~',
];

describe('remoteCommandLine', () => {
  it('round-trips hostile words through a real sh -c unchanged', () => {
    const line = remoteCommandLine(['printf', '%s\\0', ...HOSTILE]);
    const run = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it('refuses NUL and an empty argv', () => {
    expect(() => remoteCommandLine(['echo', 'a\0b'])).toThrow(/NUL/);
    expect(() => remoteCommandLine([])).toThrow();
  });
});
