import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile, replaceFileSync } from './replace-file';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-replace-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.each([
  ['replaceFile', replaceFile],
  [
    'replaceFileSync',
    async (p: string, c: string, m: number): Promise<void> => {
      await Promise.resolve();
      replaceFileSync(p, c, m);
    },
  ],
])('%s', (_name, replace) => {
  it('writes the file with its mode from the start', async () => {
    await replace(join(work, 'f'), 'new\n', 0o600);
    expect(readFileSync(join(work, 'f'), 'utf8')).toBe('new\n');
    expect(statSync(join(work, 'f')).mode & 0o777).toBe(0o600);
    expect(readdirSync(work)).toEqual(['f']);
  });

  it('replaces a symlink at the path itself instead of writing through it', async () => {
    const victim = join(work, 'victim');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(work, 'f'));
    await replace(join(work, 'f'), 'new\n', 0o644);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(work, 'f')).isFile()).toBe(true);
  });

  it('leaves no temp file behind when the rename fails', async () => {
    mkdirSync(join(work, 'd'));
    writeFileSync(join(work, 'd', 'x'), '');
    await expect(replace(join(work, 'd'), 'new\n', 0o644)).rejects.toThrow();
    expect(readdirSync(work)).toEqual(['d']);
  });
});
