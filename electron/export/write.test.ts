import { spawnSync } from 'node:child_process';
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
import type { ExportEntry } from '../../shared/export';
import { tarGz } from './tar';
import { ExportError, writeExport } from './write';

const ENTRIES: ExportEntry[] = [
  { path: 'files/etc/radvd.conf', mode: 0o644, content: 'radvd\n' },
  { path: 'files/etc/netplan/60-v6wizard.yaml', mode: 0o600, content: 'network: {}\n' },
  { path: 'files/usr/local/sbin/v6wizard-dad-wait', mode: 0o755, content: '#!/bin/sh\n' },
  { path: 'install.sh', mode: 0o755, content: '#!/bin/bash\n' },
];

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-write-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('writeExport', () => {
  it('writes every entry with its mode, whatever the umask', () => {
    const old = process.umask(0o077);
    try {
      writeExport(join(work, 'out'), ENTRIES);
    } finally {
      process.umask(old);
    }
    for (const e of ENTRIES) {
      expect(readFileSync(join(work, 'out', e.path), 'utf8')).toBe(e.content);
      expect(statSync(join(work, 'out', e.path)).mode & 0o7777, e.path).toBe(e.mode);
    }
    expect(readdirSync(work)).toEqual(['out']);
  });

  it('leaves neither the folder nor a temp folder behind when it fails part way', () => {
    let written = 0;
    expect(() => {
      writeExport(join(work, 'out'), ENTRIES, {
        afterFile: () => {
          if (++written === 2) throw new Error('disk full');
        },
      });
    }).toThrow('disk full');
    expect(readdirSync(work)).toEqual([]);
  });

  it('never writes through a symlink planted at the name its tar temp file used to have', () => {
    // The temp name was fixed (.NAME.v6wizard-tmp) and opened without O_EXCL: anyone who can write the
    // folder could point it at a file of the person's, which the export then overwrote.
    const victim = join(work, 'victim');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(work, '.out.tar.gz.v6wizard-tmp'));
    writeExport(join(work, 'out'), ENTRIES, { tar: join(work, 'out.tar.gz') });
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(work, 'out.tar.gz')).isFile()).toBe(true);
    expect(readFileSync(join(work, 'out.tar.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('refuses a folder that holds anything, and a file in its place', () => {
    mkdirSync(join(work, 'out'));
    writeFileSync(join(work, 'out', 'x'), '');
    expect(() => {
      writeExport(join(work, 'out'), ENTRIES);
    }).toThrow(ExportError);
    writeFileSync(join(work, 'file'), '');
    expect(() => {
      writeExport(join(work, 'file'), ENTRIES);
    }).toThrow(/is not a folder/);
    expect(readdirSync(work).sort()).toEqual(['file', 'out']);
  });
});

describe('tarGz', () => {
  it('is read by GNU tar with names, modes and contents intact, long paths included', () => {
    const long = `${'d'.repeat(90)}/${'e'.repeat(90)}/file.conf`;
    const archive = join(work, 'a.tar.gz');
    writeFileSync(
      archive,
      tarGz(
        [
          { path: 'top', mode: 0o755, type: 'dir' },
          { path: `top/${long}`, mode: 0o600, type: 'file', content: Buffer.from('é\n') },
          { path: 'top/empty', mode: 0o644, type: 'file', content: Buffer.alloc(0) },
        ],
        1_700_000_000,
      ),
    );
    const x = join(work, 'x');
    mkdirSync(x);
    const run = spawnSync('tar', ['-xzf', archive, '-C', x, '--same-permissions'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(x, 'top', long), 'utf8')).toBe('é\n');
    expect(statSync(join(x, 'top', long)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(x, 'top/empty'), 'utf8')).toBe('');
  });
});
