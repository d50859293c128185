import { gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type Result } from '../../shared/ipc/contract';
import { defaultProfile } from '../../shared/profile/defaults';
import type { Profile } from '../../shared/profile/types';
import { createHandlers } from './create-handlers';
import { dispatch } from './dispatch';
import { fakePlatform } from './fake-platform';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-handlers-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const profile = (edit: (p: Profile) => void = () => undefined): Profile => {
  const p = defaultProfile();
  p.name = 'Home_Lab.1';
  edit(p);
  return p;
};

function expectError(r: Result<unknown>, code: string, message?: RegExp): void {
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe(code);
    if (message) expect(r.error.message).toMatch(message);
  }
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('createHandlers', () => {
  it('has one handler per channel', () => {
    expect(Object.keys(createHandlers(fakePlatform())).sort()).toEqual([...CHANNELS].sort());
  });

  it('app:info reports version, runtime and the secret store', async () => {
    const h = createHandlers(fakePlatform({ secretsAvailable: false, runtime: 'web' }));
    expect(value(await h['app:info']({}))).toEqual({
      version: '9.9.9-test',
      runtime: 'web',
      secretStore: { available: false, backend: 'basic_text' },
    });
  });

  it('turns anything a platform throws into INTERNAL instead of rejecting', async () => {
    const p = fakePlatform();
    p.recent.list = () => Promise.reject(new Error('disk on fire'));
    const r = await createHandlers(p)['profile:recent']({});
    expectError(r, 'INTERNAL', /profile:recent failed unexpectedly: disk on fire/);
  });
});

describe('profile:openDialog', () => {
  it('is UNSUPPORTED without dialogs and says to use the file picker', async () => {
    const r = await createHandlers(fakePlatform({ dialogs: false }))['profile:openDialog']({});
    expectError(r, 'UNSUPPORTED', /file picker/);
  });

  it('is CANCELLED when the person closes the dialog', async () => {
    expectError(await createHandlers(fakePlatform())['profile:openDialog']({}), 'CANCELLED');
  });

  it('reads the chosen file and puts it first in the recent list', async () => {
    const file = join(work, 'p.json');
    writeFileSync(file, '{"version":1}');
    const p = fakePlatform({ answers: { open: file } });
    expect(value(await createHandlers(p)['profile:openDialog']({}))).toEqual({
      path: file,
      text: '{"version":1}',
    });
    expect(p.recentPaths).toEqual([file]);
  });

  it('refuses folders and oversized files with IO_ERROR naming the path, missing files with NOT_FOUND', async () => {
    const big = join(work, 'big.json');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 0x20));
    for (const [path, code, message] of [
      [work, 'IO_ERROR', /is not a file|could not be read/],
      [big, 'IO_ERROR', /a profile is at most 1048576/],
      [join(work, 'gone.json'), 'NOT_FOUND', /does not exist/],
    ] as const) {
      const p = fakePlatform({ answers: { open: path } });
      const r = await createHandlers(p)['profile:openDialog']({});
      expectError(r, code, message);
      if (!r.ok) expect(r.error.message.startsWith(path)).toBe(true);
      expect(p.recentPaths).toEqual([]);
    }
  });
});

describe('profile:read', () => {
  it('reads a recent profile', async () => {
    const file = join(work, 'p.json');
    writeFileSync(file, 'text');
    const p = fakePlatform();
    await p.recent.add(file);
    expect(value(await createHandlers(p)['profile:read']({ path: file })).text).toBe('text');
  });

  it('reads nothing that is not in the recent list, nor a relative path', async () => {
    const file = join(work, 'secret.txt');
    writeFileSync(file, 'private');
    const p = fakePlatform();
    const h = createHandlers(p);
    expectError(await h['profile:read']({ path: file }), 'NOT_FOUND', /is not in the recent profiles/);
    await p.recent.add(file);
    expectError(await h['profile:read']({ path: 'secret.txt' }), 'NOT_FOUND');
  });
});

describe('profile:save', () => {
  it('asks with the profile name as the suggested file, writes, and records it as recent', async () => {
    const file = join(work, 'chosen.json');
    const p = fakePlatform({ answers: { save: file } });
    const text = JSON.stringify(profile());
    expect(value(await createHandlers(p)['profile:save']({ text }))).toEqual({ path: file });
    expect(p.dialogCalls).toEqual(['save:home-lab-1.json']);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(p.recentPaths).toEqual([file]);
  });

  it('overwrites the open (recent) profile in place and leaves no temp file', async () => {
    const file = join(work, 'p.json');
    writeFileSync(file, 'old');
    const p = fakePlatform();
    await p.recent.add(file);
    expect(value(await createHandlers(p)['profile:save']({ path: file, text: 'new' }))).toEqual({
      path: file,
    });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(work)).toEqual(['p.json']);
  });

  it('refuses to write a path the person did not choose', async () => {
    const target = join(work, 'bashrc');
    const r = await createHandlers(fakePlatform())['profile:save']({ path: target, text: 'evil' });
    expectError(r, 'BAD_REQUEST', /Save As/);
    expect(readdirSync(work)).toEqual([]);
  });

  it('is UNSUPPORTED without dialogs, CANCELLED when the dialog is closed', async () => {
    expectError(
      await createHandlers(fakePlatform({ dialogs: false }))['profile:save']({ text: '{}' }),
      'UNSUPPORTED',
      /Download/,
    );
    expectError(await createHandlers(fakePlatform())['profile:save']({ text: '{}' }), 'CANCELLED');
  });

  it('refuses to replace a folder, with IO_ERROR naming it', async () => {
    const dir = join(work, 'd.json');
    mkdirSync(dir);
    const r = await createHandlers(fakePlatform({ answers: { save: dir } }))['profile:save']({ text: '{}' });
    expectError(r, 'IO_ERROR', new RegExp(`^${dir}: exists and is not a file`));
  });
});

describe('profile:recent', () => {
  it('lists the store newest first', async () => {
    const p = fakePlatform();
    await p.recent.add('/a.json');
    await p.recent.add('/b.json');
    expect(value(await createHandlers(p)['profile:recent']({}))).toEqual({ paths: ['/b.json', '/a.json'] });
  });
});

describe('export:folder', () => {
  it('writes the export to an absolute dir and counts its files', async () => {
    const dir = join(work, 'out');
    const r = value(await createHandlers(fakePlatform())['export:folder']({ profile: profile(), dir }));
    expect(r.dir).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'files', 'install.sh', 'manifest.json']);
    expect(
      readdirSync(dir, { recursive: true }).filter((f) => statSync(join(dir, String(f))).isFile()),
    ).toHaveLength(r.files);
    expect(statSync(join(dir, 'install.sh')).mode & 0o777).toBe(0o755);
  });

  it('refuses an invalid profile with VALIDATION_FAILED, one path: message line per error, writing nothing', async () => {
    const bad = profile((p) => {
      p.tunnel.serverIpv4 = 'not-an-ip';
      p.router.wanInterface = 'eth0; reboot';
    });
    const r = await createHandlers(fakePlatform())['export:folder']({ profile: bad, dir: join(work, 'out') });
    expectError(r, 'VALIDATION_FAILED');
    if (!r.ok) {
      const lines = r.error.message.split('\n');
      expect(lines.some((l) => l.startsWith('tunnel.serverIpv4: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('router.wanInterface: '))).toBe(true);
      expect(lines.every((l) => /^[\w.[\]()]+: /.test(l))).toBe(true);
    }
    expect(readdirSync(work)).toEqual([]);
  });

  it('refuses something that is not a profile at all', async () => {
    const r = await createHandlers(fakePlatform())['export:folder']({
      profile: { hello: 1 },
      dir: join(work, 'o'),
    });
    expectError(r, 'VALIDATION_FAILED');
    expect(readdirSync(work)).toEqual([]);
  });

  it('refuses a relative dir and says to give the full path', async () => {
    const r = await createHandlers(fakePlatform())['export:folder']({ profile: profile(), dir: 'out' });
    expectError(r, 'BAD_REQUEST', /relative path; give the full path/);
  });

  it('refuses a folder that holds other files, with IO_ERROR naming it', async () => {
    writeFileSync(join(work, 'x'), '');
    const r = await createHandlers(fakePlatform())['export:folder']({ profile: profile(), dir: work });
    expectError(r, 'IO_ERROR', new RegExp(`^${work}: exists and is not empty`));
    expect(readdirSync(work)).toEqual(['x']);
  });

  it('without dir: UNSUPPORTED in the browser host, CANCELLED when the dialog is closed', async () => {
    expectError(
      await createHandlers(fakePlatform({ dialogs: false }))['export:folder']({ profile: profile() }),
      'UNSUPPORTED',
      /full path/,
    );
    expectError(await createHandlers(fakePlatform())['export:folder']({ profile: profile() }), 'CANCELLED');
  });

  it('uses an empty chosen folder as is, and a new subfolder in a chosen folder that has files', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const h1 = createHandlers(fakePlatform({ answers: { folder: empty } }));
    expect(value(await h1['export:folder']({ profile: profile() })).dir).toBe(empty);
    const h2 = createHandlers(fakePlatform({ answers: { folder: work } }));
    expect(value(await h2['export:folder']({ profile: profile() })).dir).toBe(
      join(work, 'v6wizard-home-lab-1'),
    );
    expect(readFileSync(join(work, 'v6wizard-home-lab-1/README.txt'), 'utf8')).toContain(
      'v6wizard-home-lab-1',
    );
  });
});

describe('export:archive', () => {
  const when = () => new Date(2024, 0, 2, 3, 4, 6);

  it('returns a .tar.gz named after the profile', async () => {
    const r = value(
      await createHandlers(fakePlatform(), when)['export:archive']({ profile: profile(), format: 'tar.gz' }),
    );
    expect(r.fileName).toBe('v6wizard-home-lab-1.tar.gz');
    const tar = gunzipSync(Buffer.from(r.base64, 'base64'));
    expect(tar.subarray(0, 20).toString('utf8')).toMatch(/^v6wizard-home-lab-1\//);
  });

  it('returns a .zip named after the profile', async () => {
    const r = value(
      await createHandlers(fakePlatform(), when)['export:archive']({ profile: profile(), format: 'zip' }),
    );
    expect(r.fileName).toBe('v6wizard-home-lab-1.zip');
    expect(Buffer.from(r.base64, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it('refuses an invalid profile', async () => {
    const bad = profile((p) => {
      p.lan.subnetId = -1;
    });
    expectError(
      await createHandlers(fakePlatform())['export:archive']({ profile: bad, format: 'zip' }),
      'VALIDATION_FAILED',
    );
  });
});

describe('secrets', () => {
  it('set, has and delete go to the store', async () => {
    const p = fakePlatform();
    const h = createHandlers(p);
    expect(value(await h['secret:set']({ ref: 'he-key', value: 'abc' }))).toEqual({ stored: true });
    expect(p.secretsKept.get('he-key')).toBe('abc');
    expect(value(await h['secret:has']({ ref: 'he-key' }))).toEqual({ present: true });
    expect(value(await h['secret:delete']({ ref: 'he-key' }))).toEqual({ deleted: true });
    expect(value(await h['secret:has']({ ref: 'he-key' }))).toEqual({ present: false });
  });

  it('stores nothing where there is no real secret store (basic_text), and says so', async () => {
    const p = fakePlatform({ secretsAvailable: false });
    const h = createHandlers(p);
    expectError(
      await h['secret:set']({ ref: 'k', value: 'v' }),
      'SECRET_STORE_UNAVAILABLE',
      /basic_text.*plain text/,
    );
    expectError(await h['secret:has']({ ref: 'k' }), 'SECRET_STORE_UNAVAILABLE');
    expectError(await h['secret:delete']({ ref: 'k' }), 'SECRET_STORE_UNAVAILABLE');
    expect(p.secretsKept.size).toBe(0);
  });

  it('a failing keyring becomes IO_ERROR', async () => {
    const p = fakePlatform();
    p.secrets.set = () => Promise.reject(new Error('keyring locked'));
    expectError(
      await createHandlers(p)['secret:set']({ ref: 'k', value: 'v' }),
      'IO_ERROR',
      /keyring locked/,
    );
  });
});

describe('dispatch', () => {
  it('refuses unknown channels and wrong shapes without calling a handler', async () => {
    const p = fakePlatform({ answers: { open: '/x' } });
    const h = createHandlers(p);
    expectError(await dispatch(h, 'shell:exec', {}), 'BAD_REQUEST', /not a v6wizard channel/);
    expectError(
      await dispatch(h, 'profile:openDialog', { path: '/etc/shadow' }),
      'BAD_REQUEST',
      /request\.path/,
    );
    expect(p.dialogCalls).toEqual([]);
  });

  it('runs a valid request', async () => {
    expect(await dispatch(createHandlers(fakePlatform()), 'profile:recent', {})).toEqual({
      ok: true,
      value: { paths: [] },
    });
  });
});
