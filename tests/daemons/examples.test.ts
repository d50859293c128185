import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../shared/export';
import { defaultProfile } from '../../shared/profile/defaults';
import type { RenderedFile } from '../../shared/render/types';
import { cli, ensureCliBuilt, REPO } from '../cli/cli-bin';
import { runDaemonCheck } from '../helpers/daemon-check';
import type { Profile } from '../../shared/profile/types';
import { routerNetns } from './router-netns';
import { verifyUnits } from '../helpers/verify-units';
import { makeFakeRoot, runAsRouter, snapshot, undoScripts } from './fake-root';
import { checkScript } from './script-checks';
import { applySwitches, installShSwitches } from '../helpers/stage-switches';

/**
 * The real-daemon suite: every example profile goes through the real CLI, and everything it writes is
 * checked by the programs that will read it on a router — the daemons' own parsers, systemd-analyze,
 * netplan, bash and shellcheck — and install.sh is run for real into a throwaway root, twice, and
 * undone.
 */
const EXAMPLES = join(REPO, 'examples');
const MIN_EXAMPLES = 5;
const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();

const work = mkdtempSync(join(tmpdir(), 'v6wizard-examples-'));
const defaultFile = join(work, 'default-profile.json');
writeFileSync(defaultFile, JSON.stringify(defaultProfile(), null, 2));
const cases: [string, string][] = [
  ...exampleFiles.map((f): [string, string] => [f, join(EXAMPLES, f)]),
  ['defaultProfile()', defaultFile],
];

beforeAll(ensureCliBuilt, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it(`examples/ holds at least ${MIN_EXAMPLES} profiles`, () => {
  expect(exampleFiles.length).toBeGreaterThanOrEqual(MIN_EXAMPLES);
});

/** The manifest's files with their content from the export folder, as the checkers expect them. */
function loadFiles(out: string, manifest: Manifest): RenderedFile[] {
  return manifest.files.map((m) => ({
    path: m.path,
    mode: Number.parseInt(m.mode, 8),
    owner: m.owner,
    ...(m.service !== undefined ? { service: m.service } : {}),
    content: readFileSync(join(out, 'files', m.path), 'utf8'),
    ...(m.validate !== undefined ? { validate: m.validate } : {}),
    ...(m.checkRoot !== undefined ? { checkRoot: m.checkRoot } : {}),
    stage: m.stage,
    description: m.description,
  }));
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    statSync(join(dir, p)).isFile(),
  );
}

describe.each(cases)('%s', (name, profilePath) => {
  const out = join(work, name.replace(/[^A-Za-z0-9.-]/g, '_'));
  let manifest: Manifest;
  let files: RenderedFile[];
  let router: { name: string; destroy: () => void } | undefined;

  afterAll(() => router?.destroy());

  beforeAll(() => {
    router = routerNetns(JSON.parse(readFileSync(profilePath, 'utf8')) as Profile);
    const r = cli(['export', profilePath, '--out', out]);
    if (r.status !== 0) throw new Error(`export failed (${r.status}):\n${r.stdout}${r.stderr}`);
    manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    files = loadFiles(out, manifest);
  });

  it('manifest.json lists exactly the files under files/, with their sha256 and modes', () => {
    expect(
      walkFiles(join(out, 'files'))
        .map((p) => `/${p}`)
        .sort(),
    ).toEqual(manifest.files.map((f) => f.path).sort());
    for (const m of manifest.files) {
      const onDisk = join(out, 'files', m.path);
      expect(createHash('sha256').update(readFileSync(onDisk)).digest('hex'), m.path).toBe(m.sha256);
      expect(`0${(statSync(onDisk).mode & 0o7777).toString(8)}`, m.path).toBe(m.mode);
      expect(m.description.length, `${m.path} has a description`).toBeGreaterThan(0);
    }
    expect(manifest.profile).toBe((JSON.parse(readFileSync(profilePath, 'utf8')) as { name: string }).name);
  });

  it('every file with a check passes it (the real daemon parsers, in a namespace shaped like the router)', () => {
    // Unit files are verified in the next test, which provides the scripts their ExecStart= names.
    for (const f of files.filter((x) => x.validate && x.validate[0] !== 'systemd-analyze')) {
      const result = runDaemonCheck({
        ...f,
        validate: ['ip', 'netns', 'exec', router!.name, ...f.validate!],
      });
      expect(result.ok, `${f.path}: ${result.argv.join(' ')}\n${result.output}`).toBe(true);
    }
    // Every check reads the file: as {file}, or at its path in the {root} copy of its folders.
    expect(
      files
        .filter((x) => x.validate)
        .every((x) => x.validate!.some((a) => a.includes('{file}') || (x.checkRoot && a.includes('{root}')))),
    ).toBe(true);
  });

  it('every systemd unit passes systemd-analyze verify', () => {
    for (const u of verifyUnits(files)) expect(u.ok, `${u.path}\n${u.output}`).toBe(true);
  });

  it('every script, install.sh included, passes its shell -n and shellcheck', () => {
    const scripts = [
      ...files.filter((f) => f.content.startsWith('#!')).map((f) => join(out, 'files', f.path)),
      join(out, 'install.sh'),
    ];
    for (const path of scripts) {
      for (const c of checkScript(path, readFileSync(path, 'utf8')))
        expect(c.ok, `${path}: ${c.tool}\n${c.output}`).toBe(true);
    }
  });

  it('netplan files pass netplan generate', () => {
    const yaml = files.filter((f) => f.path.startsWith('/etc/netplan/'));
    if (yaml.length === 0) return;
    const root = mkdtempSync(join(tmpdir(), 'v6wizard-netplan-'));
    try {
      for (const f of yaml) {
        mkdirSync(join(root, dirname(f.path)), { recursive: true });
        writeFileSync(join(root, f.path), f.content, { mode: f.mode });
      }
      const r = spawnSync('netplan', ['generate', '--root-dir', root], { encoding: 'utf8' });
      expect(r.status, `${yaml.map((f) => basename(f.path)).join(', ')}\n${r.stdout}${r.stderr}`).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('install.sh and the apply switch the same stages, in the same order, with the same files and units', async () => {
    // Both share how a stage is switched (templates/stages/switch-stage.sh); what each hands it (the
    // stage's files, the units it restarts) is worked out twice, by install.sh on the router and by the
    // engine from its plan: this keeps the two equal.
    const root = makeFakeRoot();
    try {
      const dry = runAsRouter(root, join(out, 'install.sh'), ['--dry-run'], router!.name);
      expect(dry.status, `${dry.stdout}\n${dry.stderr}`).toBe(0);
      const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;
      expect(installShSwitches(dry.stdout)).toEqual(await applySwitches(profile));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('install.sh installs into a fresh root with every check, is a no-op the second time, and undo.sh restores the root', () => {
    const root = makeFakeRoot();
    try {
      const before = snapshot(root);
      const dry = runAsRouter(root, join(out, 'install.sh'), ['--dry-run'], router!.name);
      expect(dry.status, `${dry.stdout}\n${dry.stderr}`).toBe(0);
      expect(snapshot(root)).toEqual(before);

      const first = runAsRouter(root, join(out, 'install.sh'), [], router!.name);
      expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
      for (const f of files) {
        expect(readFileSync(join(root, f.path), 'utf8'), f.path).toBe(f.content);
        expect(statSync(join(root, f.path)).mode & 0o7777, f.path).toBe(f.mode);
        expect(first.stdout, f.path).toContain(`installed  ${f.path} (new file)`);
      }

      const second = runAsRouter(root, join(out, 'install.sh'), [], router!.name);
      expect(second.status, second.stderr).toBe(0);
      const reported = second.stdout.split('\n').filter((l) => /^(unchanged|installed) /.test(l));
      expect(reported.sort()).toEqual(files.map((f) => `unchanged  ${f.path}`).sort());

      const undo = undoScripts(root);
      if (files.length === 0) return;
      expect(undo).toHaveLength(1);
      const undone = runAsRouter(root, undo[0]!, [], router!.name);
      expect(undone.status, undone.stderr).toBe(0);
      expect(snapshot(root)).toEqual(before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
