import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProfileFile, writeProfileFile } from './profile-files';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-profile-files-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('writeProfileFile', () => {
  it('never writes through a symlink planted at the name its temp file used to have', async () => {
    // The temp name was .NAME.v6wizard-PID.tmp, opened without O_EXCL: anyone who can write the
    // folder (a shared one, /tmp) could point it at a file of the person's, which the save then
    // overwrote, and the symlink itself was renamed into the profile's place.
    const victim = join(work, 'victim');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(work, `.home.json.v6wizard-${process.pid.toString()}.tmp`));
    const saved = await writeProfileFile(join(work, 'home.json'), '{"name":"home"}\n');
    expect(saved).toEqual({ ok: true, value: { path: join(work, 'home.json') } });
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(work, 'home.json')).isFile()).toBe(true);
    expect(readFileSync(join(work, 'home.json'), 'utf8')).toBe('{"name":"home"}\n');
  });
});

describe('readProfileFile', () => {
  it('refuses a FIFO at once instead of waiting for a writer that never comes', async () => {
    const fifo = join(work, 'fifo.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(await readProfileFile(fifo)).toEqual({
      ok: false,
      error: { code: 'IO_ERROR', message: `${fifo}: is not a file` },
    });
  });
});
