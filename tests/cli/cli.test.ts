import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { defaultProfile } from '../../shared/profile/defaults';
import type { Profile } from '../../shared/profile/types';
import { cli, ensureCliBuilt } from './cli-bin';

let work: string;

beforeAll(ensureCliBuilt, 120_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-cli-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function profileFile(edit: (p: Profile) => void = () => undefined, name = 'profile.json'): string {
  const p = defaultProfile();
  edit(p);
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(p, null, 2));
  return file;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** Folders, files and their modes and bytes below dir, as one comparable record. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = lstatSync(join(dir, rel));
    const mode = (st.mode & 0o7777).toString(8);
    out[rel] = st.isDirectory() ? `dir ${mode}` : `file ${mode} ${readFileSync(join(dir, rel), 'utf8')}`;
  }
  return out;
}

describe('usage', () => {
  it('--version and --help exit 0', () => {
    const v = cli(['--version']);
    expect([v.status, v.stdout]).toEqual([0, `${pkg.version}\n`]);
    const h = cli(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage:\n {2}v6wizard validate PROFILE\.json\n/);
  });

  it.each([
    [[], 'no command given'],
    [['frobnicate', 'x.json'], 'unknown command "frobnicate"'],
    [['validate'], 'validate needs a profile file'],
    [['validate', 'a.json', 'b.json'], 'validate takes one profile file, not 2'],
    [['validate', 'a.json', '--bogus'], "Unknown option '--bogus'"],
    [['validate', 'a.json', '--out', 'x'], 'validate takes no --out or --tar'],
    [['export', 'a.json'], 'export needs --out DIR'],
    [['export', 'a.json', '--out'], "Option '-o, --out <value>' argument missing"],
  ])('%j is a usage error (status 2)', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)[0]).toContain(`v6wizard: ${message}`);
    expect(r.stderr).toContain('Usage:');
    expect(r.stdout).toBe('');
  });

  it('apply --broker-key-file: in the help; an unreadable key file stops apply before any connection', () => {
    expect(cli(['--help']).stdout).toContain('--broker-key-file FILE');
    const missing = join(work, 'no-such-key');
    // 192.0.2.1 (TEST-NET-1) is never contacted: the key file is read while the arguments are parsed.
    const r = cli(['apply', '--host', 'admin@192.0.2.1', '--broker-key-file', missing, profileFile()]);
    expect([r.status, r.stderr, r.stdout]).toEqual([
      2,
      `v6wizard: --broker-key-file ${missing} cannot be read (ENOENT)\n`,
      '',
    ]);
    const plan = cli(['plan', '--host', 'admin@192.0.2.1', '--broker-key-file', missing, profileFile()]);
    expect(plan.status).toBe(2);
    expect(plan.stderr).toContain("Unknown option '--broker-key-file'");
  });
});

describe('validate', () => {
  it('a valid profile: status 0, one line on stdout, nothing on stderr', () => {
    const file = profileFile();
    const r = cli(['validate', file]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `${file}: valid\n`, '']);
  });

  it('warnings: status 0, each on stderr as "path: warning: message"', () => {
    const file = profileFile((p) => {
      p.dad.strategy = 'disable';
    });
    const r = cli(['validate', file]);
    expect(r.status).toBe(0);
    const warnings = lines(r.stderr);
    expect(warnings.length).toBeGreaterThan(0);
    for (const l of warnings) expect(l).toMatch(/^[A-Za-z0-9_.[\]]+: warning: \S/);
    expect(warnings.some((l) => l.startsWith('dad.strategy: warning: '))).toBe(true);
  });

  it('an invalid profile: status 1, one "path: message" line per problem', () => {
    const file = profileFile((p) => {
      (p.tunnel as unknown as Record<string, unknown>)['mtu'] = 'big';
      (p.ra as unknown as Record<string, unknown>)['rdnss'] = 'not a list';
    });
    const r = cli(['validate', file]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([
      'tunnel.mtu: must be a whole number from 0 to 65535, not text',
      'ra.rdnss: must be a list, not text',
    ]);
    expect(r.stdout).toBe('');
  });

  it('broken JSON and unreadable files: status 1 with the reason', () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{ "version": 1,');
    const r = cli(['validate', bad]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^\(file\): is not valid JSON: /);
    const missing = cli(['validate', join(work, 'nope.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json: cannot be read: ENOENT/);
  });
});

describe('export', () => {
  it('refuses a hostile profile, naming each field, and writes nothing', () => {
    const file = profileFile((p) => {
      p.router.lanInterface = 'eth1; reboot';
      p.tunnel.interface = '../../etc';
      p.router.wanInterface = '$(id)';
      p.dad.services = ['nginx; rm -rf /'];
      p.ra.dnssl = ["x'; reboot; '"];
    });
    const out = join(work, 'out');
    const r = cli(['export', file, '--out', out, '--tar', join(work, 'out.tar.gz')]);
    expect(r.status).toBe(1);
    const errors = lines(r.stderr).filter((l) => !l.includes(': warning: '));
    for (const field of [
      'router.lanInterface',
      'tunnel.interface',
      'router.wanInterface',
      'dad.services[0]',
      'ra.dnssl[0]',
    ]) {
      expect(
        errors.some((l) => l.startsWith(`${field}: `)),
        `${field} in\n${r.stderr}`,
      ).toBe(true);
    }
    expect(readdirSync(work).sort()).toEqual(['profile.json']);
  });

  it('writes the layout and prints where', () => {
    const out = join(work, 'out');
    const r = cli(['export', profileFile(), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${out}: wrote `);
    const top = readdirSync(out).sort();
    expect(top).toEqual(expect.arrayContaining(['README.txt', 'install.sh', 'manifest.json']));
    expect(lstatSync(join(out, 'install.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(work).filter((n) => n.includes('v6wizard-'))).toEqual([]);
  });

  it('refuses a folder that is not empty and leaves it alone; accepts an empty one', () => {
    const out = join(work, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep');
    const r = cli(['export', profileFile(), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${out}: exists and is not empty; v6wizard never mixes an export with other files. Choose a new folder or empty this one.\n`,
    );
    expect(readdirSync(out)).toEqual(['mine.txt']);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expect(cli(['export', profileFile(), '--out', empty]).status).toBe(0);
    expect(existsSync(join(empty, 'manifest.json'))).toBe(true);
  });

  it('leaves no folder behind when writing fails part way', () => {
    const out = join(work, 'out');
    const r = cli(['export', profileFile(), '--out', out, '--tar', join(work, 'no-such-folder', 'x.tar.gz')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the export could not be written: .*ENOENT/);
    expect(readdirSync(work).sort()).toEqual(['profile.json']);
  });

  it('--tar holds exactly the folder', () => {
    const out = join(work, 'out');
    const tarFile = join(work, 'out.tar.gz');
    const r = cli(['export', profileFile(), '--out', out, '--tar', tarFile]);
    expect(r.status, r.stderr).toBe(0);
    const extracted = join(work, 'extracted');
    mkdirSync(extracted);
    const untar = spawnSync('tar', ['-xzf', tarFile, '-C', extracted, '--same-permissions'], {
      encoding: 'utf8',
    });
    expect(untar.status, untar.stderr).toBe(0);
    expect(readdirSync(extracted)).toEqual(['out']);
    expect(tree(join(extracted, 'out'))).toEqual(tree(out));
    const list = spawnSync('tar', ['-tvzf', tarFile], { encoding: 'utf8' });
    for (const l of lines(list.stdout)) expect(l).toContain(' root/root ');
    expect(relative(work, tarFile)).toBe('out.tar.gz');
  });
});
