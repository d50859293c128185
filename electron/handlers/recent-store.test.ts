import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileRecentStore, MAX_RECENT } from './recent-store';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-recent-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const touch = (name: string): string => {
  const file = join(work, name);
  writeFileSync(file, '{}');
  return file;
};

describe('createFileRecentStore', () => {
  it('starts empty when there is no file and creates its folder on the first add', async () => {
    const config = join(work, 'config/v6wizard');
    const store = createFileRecentStore(config);
    expect(await store.list()).toEqual([]);
    await store.add(touch('a.json'));
    expect(statSync(config).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(config, 'recent.json'), 'utf8'))).toEqual({
      version: 1,
      paths: [join(work, 'a.json')],
    });
  });

  it('keeps the newest first, without duplicates, at most MAX_RECENT', async () => {
    const store = createFileRecentStore(join(work, 'c'));
    const files = Array.from({ length: MAX_RECENT + 3 }, (_, i) => touch(`p${i}.json`));
    for (const f of files) await store.add(f);
    await store.add(files[5]!);
    const listed = await store.list();
    expect(listed).toHaveLength(MAX_RECENT);
    expect(listed[0]).toBe(files[5]);
    expect(listed[1]).toBe(files[MAX_RECENT + 2]);
    expect(new Set(listed).size).toBe(MAX_RECENT);
  });

  it('leaves out files that are gone, and stores absolute paths', async () => {
    const store = createFileRecentStore(join(work, 'c'));
    const a = touch('a.json');
    const b = touch('b.json');
    await store.add(a);
    await store.add(b);
    rmSync(a);
    expect(await store.list()).toEqual([b]);
    await store.add('relative.json');
    const stored = JSON.parse(readFileSync(join(work, 'c/recent.json'), 'utf8')) as { paths: string[] };
    expect(stored.paths[0]).toBe(join(process.cwd(), 'relative.json'));
  });

  it('treats a malformed file as empty and repairs it on the next add', async () => {
    const config = join(work, 'c');
    const store = createFileRecentStore(config);
    await store.add(touch('a.json'));
    for (const junk of ['{not json', '[]', '{"paths": "x"}', '{"paths": [1, null]}']) {
      writeFileSync(join(config, 'recent.json'), junk);
      expect(await store.list()).toEqual([]);
    }
    await store.add(join(work, 'a.json'));
    expect(await store.list()).toEqual([join(work, 'a.json')]);
  });

  it('never writes through a symlink planted at the name its temp file used to have', async () => {
    const config = join(work, 'c');
    mkdirSync(config);
    const victim = touch('victim');
    symlinkSync(victim, join(config, `recent.json.${process.pid.toString()}.tmp`));
    await createFileRecentStore(config).add(touch('a.json'));
    expect(readFileSync(victim, 'utf8')).toBe('{}');
    expect(JSON.parse(readFileSync(join(config, 'recent.json'), 'utf8'))).toMatchObject({
      paths: [join(work, 'a.json')],
    });
  });
});
