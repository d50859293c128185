import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TarMember } from './tar';
import { zipArchive } from './zip';

const long = `${'d'.repeat(90)}/${'e'.repeat(90)}/file.conf`;
const MEMBERS: TarMember[] = [
  { path: 'top', mode: 0o755, type: 'dir' },
  { path: 'top/files', mode: 0o755, type: 'dir' },
  {
    path: 'top/files/radvd.conf',
    mode: 0o644,
    type: 'file',
    content: Buffer.from('interface br0 {\n'.repeat(200)),
  },
  { path: 'top/files/secret.yaml', mode: 0o600, type: 'file', content: Buffer.from('network: {}\n') },
  { path: 'top/install.sh', mode: 0o755, type: 'file', content: Buffer.from('#!/bin/bash\necho ok\n') },
  { path: 'top/empty', mode: 0o644, type: 'file', content: Buffer.alloc(0) },
  // Random bytes do not compress: this one must be stored, the repetitive one deflated.
  { path: 'top/random.bin', mode: 0o644, type: 'file', content: randomBytes(5000) },
  { path: 'top/grüße.txt', mode: 0o644, type: 'file', content: Buffer.from('é\n') },
  { path: `top/${long.split('/')[0] ?? ''}`, mode: 0o755, type: 'dir' },
  { path: `top/${long.split('/').slice(0, 2).join('/')}`, mode: 0o755, type: 'dir' },
  { path: `top/${long}`, mode: 0o640, type: 'file', content: Buffer.from('long\n') },
];
const FILES = MEMBERS.filter((m) => m.type === 'file');

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-zip-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function writeZip(): string {
  const file = join(work, 'a.zip');
  writeFileSync(file, zipArchive(MEMBERS, new Date(2024, 4, 17, 13, 45, 30)));
  return file;
}

/** A tool the test needs; missing, the test fails and says how to get it, instead of skipping. */
function requireTool(cmd: string, pkg: string): void {
  const probe = spawnSync('sh', ['-c', `command -v ${cmd}`]);
  if (probe.status !== 0) throw new Error(`${cmd} is not installed; run: apt-get install ${pkg}`);
}

describe('zipArchive', () => {
  it("is read by Info-ZIP's unzip with every file's bytes and Unix mode intact", () => {
    requireTool('unzip', 'unzip');
    const archive = writeZip();
    const test = spawnSync('unzip', ['-t', archive], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/No errors detected/);
    const x = join(work, 'x');
    mkdirSync(x);
    const run = spawnSync('unzip', ['-q', archive, '-d', x], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    for (const m of FILES) {
      expect(readFileSync(join(x, m.path)).equals(m.content ?? Buffer.alloc(0)), m.path).toBe(true);
      expect(statSync(join(x, m.path)).mode & 0o7777, m.path).toBe(m.mode);
    }
    expect(statSync(join(x, 'top/files')).isDirectory()).toBe(true);
    const listed = readdirSync(x, { recursive: true, encoding: 'utf8' }).filter((p) =>
      statSync(join(x, p)).isFile(),
    );
    expect(listed.sort()).toEqual(FILES.map((m) => m.path).sort());
  });

  it("is read by Python's zipfile: CRCs, sizes, methods, modes and the stored time", () => {
    requireTool('python3', 'python3');
    const archive = writeZip();
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'print(json.dumps([{"name": i.filename, "mode": i.external_attr >> 16, "method": i.compress_type,',
      '  "hex": z.read(i).hex(), "time": list(i.date_time), "system": i.create_system} for i in z.infolist()]))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, archive], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const infos = JSON.parse(run.stdout) as {
      name: string;
      mode: number;
      method: number;
      hex: string;
      time: number[];
      system: number;
    }[];
    expect(infos.map((i) => i.name)).toEqual(MEMBERS.map((m) => (m.type === 'dir' ? `${m.path}/` : m.path)));
    for (const [i, m] of MEMBERS.entries()) {
      const info = infos[i]!;
      expect(info.system, m.path).toBe(3); // made on Unix
      expect(info.mode, m.path).toBe(m.mode | (m.type === 'dir' ? 0o040000 : 0o100000));
      expect(info.time).toEqual([2024, 5, 17, 13, 45, 30]);
      if (m.type === 'file') expect(info.hex, m.path).toBe((m.content ?? Buffer.alloc(0)).toString('hex'));
    }
    const method = (path: string): number | undefined => infos.find((i) => i.name === path)?.method;
    expect(method('top/files/radvd.conf')).toBe(8);
    expect(method('top/random.bin')).toBe(0);
    expect(method('top/empty')).toBe(0);
  });
});
