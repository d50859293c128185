import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PROFILE_TEXT } from '../../shared/ipc/validate-request';
import { loadProfile } from './load-profile';
import type { Io } from './output';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-load-profile-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function load(file: string): { profile: unknown; err: string[] } {
  const err: string[] = [];
  const io: Io = { out: () => undefined, err: (line) => err.push(line) };
  return { profile: loadProfile(file, io), err };
}

describe('loadProfile', () => {
  it('reads a valid profile', () => {
    const file = join(work, 'p.json');
    writeFileSync(file, readFileSync(join(import.meta.dirname, '../../examples/he-ifupdown-slaac.json')));
    expect(load(file)).toMatchObject({ profile: { version: 1 }, err: [] });
  });

  it('refuses a file over the size limit before reading it, naming the file and the limit', () => {
    // Sparse, 4 GiB: reading it first would take seconds and gigabytes (or fail for its size).
    const file = join(work, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 4 * 1024 ** 3);
    expect(load(file)).toEqual({
      profile: undefined,
      err: [`${file}: is ${4 * 1024 ** 3} bytes; a profile is at most ${MAX_PROFILE_TEXT} bytes`],
    });
  });

  it('refuses what is not a regular file without opening it: a folder, a FIFO (no writer ever comes)', () => {
    const dir = join(work, 'dir.json');
    mkdirSync(dir);
    const fifo = join(work, 'fifo.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const file of [dir, fifo, '/dev/zero'])
      expect(load(file)).toEqual({ profile: undefined, err: [`${file}: is not a regular file`] });
  });
});
