import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebApi } from '../../renderer/src/lib/api-web';
import type { Api } from '../../renderer/src/lib/api-types';
import type { Result } from '../../shared/ipc/contract';
import { cli, ensureCliBuilt, REPO } from '../../tests/cli/cli-bin';
import { createFileRecentStore } from '../handlers/recent-store';
import { startTestHost, type TestHost } from './test-server';

/**
 * Every channel through the real browser host, called the way the page calls it: with the page's own
 * client (renderer/src/lib/api-web.ts) over HTTP on 127.0.0.1 with the run's token.
 */
let host: TestHost;
let api: Api;
let scratch: string;
let n = 0;
const replaced: string[] = [];

beforeAll(async () => {
  ensureCliBuilt();
  host = await startTestHost();
  api = createWebApi({
    href: host.server.url,
    replaceUrl: (url) => replaced.push(url),
    fetch: (url, init) => fetch(url, init),
  });
}, 120_000);
afterAll(async () => {
  await host.close();
});
beforeEach(() => {
  scratch = join(host.work, `t${String(++n)}`);
  mkdirSync(scratch);
});

const EXAMPLES = readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.json'));
const example = (name: string): unknown => JSON.parse(readFileSync(join(REPO, 'examples', name), 'utf8'));

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function code(r: Result<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}

/** Every folder and file below dir with its mode and, for files, its bytes as hex. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const st = lstatSync(join(dir, rel));
    const mode = (st.mode & 0o7777).toString(8);
    out[rel] = st.isDirectory()
      ? `dir ${mode}`
      : `file ${mode} ${readFileSync(join(dir, rel)).toString('hex')}`;
  }
  return out;
}

/** The CLI's export of an example into scratch/cli/<folder>. */
function cliExport(name: string, folder: string): string {
  const out = join(scratch, 'cli', folder);
  mkdirSync(join(scratch, 'cli'), { recursive: true });
  const run = cli(['export', join(REPO, 'examples', name), '--out', out]);
  expect(run.status, run.stderr).toBe(0);
  return out;
}

describe('the page client against the browser host', () => {
  it('took the token out of the address bar', () => {
    expect(replaced).toEqual(['/']);
  });

  it('app:info: the web runtime, without a secret store', async () => {
    expect(value(await api.call('app:info', {}))).toEqual({
      version: expect.any(String) as unknown,
      runtime: 'web',
      secretStore: { available: false, backend: 'none' },
    });
  });

  it('profile:openDialog and profile:save without a path are UNSUPPORTED, saying what to use instead', async () => {
    const open = await api.call('profile:openDialog', {});
    expect(code(open)).toBe('UNSUPPORTED');
    expect(open.ok ? '' : open.error.message).toMatch(/file picker/);
    const save = await api.call('profile:save', { text: '{}' });
    expect(code(save)).toBe('UNSUPPORTED');
    expect(save.ok ? '' : save.error.message).toMatch(/Download/);
  });

  it('profile:recent, profile:read and profile:save work on the recent list in the config folder', async () => {
    const file = join(scratch, 'home.json');
    writeFileSync(file, '{"version":1}');
    expect(value(await api.call('profile:recent', {}))).toEqual({ paths: [] });
    expect(code(await api.call('profile:read', { path: file }))).toBe('NOT_FOUND');
    await createFileRecentStore(host.configDir).add(file);
    expect(value(await api.call('profile:recent', {}))).toEqual({ paths: [file] });
    expect(value(await api.call('profile:read', { path: file }))).toEqual({
      path: file,
      text: '{"version":1}',
    });
    expect(value(await api.call('profile:save', { path: file, text: '{"version":1,"name":"x"}' }))).toEqual({
      path: file,
    });
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"name":"x"}');
    expect(code(await api.call('profile:save', { path: join(scratch, 'other.json'), text: '{}' }))).toBe(
      'BAD_REQUEST',
    );
    expect(existsSync(join(scratch, 'other.json'))).toBe(false);
  });

  it.each(EXAMPLES)('export:folder of %s is byte for byte the CLI export', async (name) => {
    const folder = `v6wizard-${name.replace(/\.json$/, '')}`;
    const dir = join(scratch, 'web', folder);
    mkdirSync(join(scratch, 'web'));
    const r = value(await api.call('export:folder', { profile: example(name), dir }));
    expect(r.dir).toBe(dir);
    const web = tree(dir);
    expect(Object.values(web).filter((v) => v.startsWith('file'))).toHaveLength(r.files);
    expect(web).toEqual(tree(cliExport(name, folder)));
  });

  it('export:folder refuses a relative dir and one that holds files', async () => {
    const profile = example(EXAMPLES[0]!);
    const relative = await api.call('export:folder', { profile, dir: 'out' });
    expect(code(relative)).toBe('BAD_REQUEST');
    expect(relative.ok ? '' : relative.error.message).toMatch(/relative path/);
    writeFileSync(join(scratch, 'x'), '');
    expect(code(await api.call('export:folder', { profile, dir: scratch }))).toBe('IO_ERROR');
    expect(code(await api.call('export:folder', { profile }))).toBe('UNSUPPORTED');
    expect(readdirSync(scratch)).toEqual(['x']);
  });

  it('export:archive .tar.gz and .zip unpack to the CLI export of the same profile', async () => {
    const name = 'he-ifupdown-slaac.json';
    const expected = tree(cliExport(name, 'v6wizard-he-ifupdown-slaac'));
    for (const format of ['tar.gz', 'zip'] as const) {
      const r = value(await api.call('export:archive', { profile: example(name), format }));
      expect(r.fileName).toBe(`v6wizard-he-ifupdown-slaac.${format}`);
      const archive = join(scratch, r.fileName);
      writeFileSync(archive, Buffer.from(r.base64, 'base64'));
      const x = join(scratch, `x-${format}`);
      mkdirSync(x);
      const run =
        format === 'zip'
          ? spawnSync('unzip', ['-q', archive, '-d', x], { encoding: 'utf8' })
          : spawnSync('tar', ['-xzf', archive, '-C', x, '--same-permissions'], { encoding: 'utf8' });
      expect(run.error, `${format}: is unzip installed? (apt-get install unzip)`).toBeUndefined();
      expect(run.status, run.stderr).toBe(0);
      expect(readdirSync(x)).toEqual(['v6wizard-he-ifupdown-slaac']);
      expect(tree(join(x, 'v6wizard-he-ifupdown-slaac')), format).toEqual(expected);
    }
  });

  it('a hostile or invalid profile: VALIDATION_FAILED with path: message lines, and nothing written', async () => {
    const hostile = example(EXAMPLES[0]!) as { router: { wanInterface: string }; name: string };
    hostile.router.wanInterface = 'eth0\n$(reboot)';
    hostile.name = '../../etc/passwd';
    const dir = join(scratch, 'out');
    for (const profile of [hostile, { version: 1 }, { version: 99, name: 'x' }]) {
      const folder = await api.call('export:folder', { profile, dir });
      expect(code(folder)).toBe('VALIDATION_FAILED');
      for (const line of folder.ok ? [] : folder.error.message.split('\n'))
        expect(line).toMatch(/^[\w.[\]()]+: \S/);
      expect(code(await api.call('export:archive', { profile, format: 'zip' }))).toBe('VALIDATION_FAILED');
    }
    const folder = await api.call('export:folder', { profile: hostile, dir });
    expect(folder.ok ? '' : folder.error.message).toMatch(/^name: /m);
    expect(folder.ok ? '' : folder.error.message).toMatch(/^router\.wanInterface: /m);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('secret:set, secret:has and secret:delete: SECRET_STORE_UNAVAILABLE with a plain reason', async () => {
    for (const r of [
      await api.call('secret:set', { ref: 'he-update-key', value: 'k' }),
      await api.call('secret:has', { ref: 'he-update-key' }),
      await api.call('secret:delete', { ref: 'he-update-key' }),
    ]) {
      expect(code(r)).toBe('SECRET_STORE_UNAVAILABLE');
      expect(r.ok ? '' : r.error.message).toMatch(/does not keep secrets/);
    }
  });
});

describe('the page client when things go wrong', () => {
  it('without a token in the URL, every call is a failed Result that says to open the printed URL', async () => {
    const noToken = createWebApi({
      href: `http://127.0.0.1:${host.server.port}/`,
      replaceUrl: () => undefined,
      fetch,
    });
    const r = await noToken.call('app:info', {});
    expect(r.ok ? '' : r.error.message).toMatch(/open the URL printed by npm run web/);
  });

  it('a wrong token: the host refuses and the client says so instead of throwing', async () => {
    const wrong = createWebApi({
      href: `http://127.0.0.1:${host.server.port}/?token=nope`,
      replaceUrl: () => undefined,
      fetch,
    });
    const r = await wrong.call('app:info', {});
    expect(r.ok ? '' : r.error.message).toMatch(/refused the request \(missing or wrong token/);
  });

  it('a host that is gone: IO_ERROR, not an exception', async () => {
    const gone = createWebApi({ href: 'http://127.0.0.1:1/?token=x', replaceUrl: () => undefined, fetch });
    const r = await gone.call('app:info', {});
    expect(code(r)).toBe('IO_ERROR');
    expect(r.ok ? '' : r.error.message).toMatch(/cannot be reached/);
  });

  it('an answer that is not a Result: INTERNAL', async () => {
    const odd = createWebApi({
      href: 'http://127.0.0.1:1/?token=x',
      replaceUrl: () => undefined,
      fetch: () => Promise.resolve({ status: 200, text: () => Promise.resolve('{"hello":1}') }),
    });
    expect(code(await odd.call('app:info', {}))).toBe('INTERNAL');
  });
});
