import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK } from './scripts';

/**
 * guard.sh's promises, on this machine with CHECK (the one guarded script that touches nothing but
 * its own folders when no file is placed early): it refuses once the apply is decided, and it waits
 * for whoever holds the backup's lock (restore.sh) instead of running in the middle of a revert.
 */
let dir: string;
let backup: string;
let stage: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'v6w-guard-'));
  backup = join(dir, 'backup');
  stage = join(dir, 'stage');
  mkdirSync(backup);
  mkdirSync(join(stage, 'etc'), { recursive: true });
  writeFileSync(join(stage, 'etc/x.conf'), 'x\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** CHECK with one staged file checked by `cat {file}`. */
const argv = (): string[] => [
  '-c',
  CHECK,
  'v6wizard',
  backup,
  stage,
  '/etc/x.conf',
  '0644',
  'root:root',
  '0',
  '0',
  '2',
  'cat',
  '{file}',
];

describe('guard.sh (the lock and the decision every change step honours)', () => {
  it('runs the step and prints its output when the apply is undecided', () => {
    const r = spawnSync('bash', argv(), { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('ok      /etc/x.conf (cat)\n');
  });

  it('refuses with exit 5 once a revert (or a confirmation) has decided the apply', () => {
    mkdirSync(join(backup, 'decision'));
    writeFileSync(join(backup, 'decision/by'), 'reverted\n');
    const r = spawnSync('bash', argv(), { encoding: 'utf8' });
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/already decided \(reverted\); nothing more is changed/);
    expect(r.stdout).not.toMatch(/ok /);
  });

  it('waits for the holder of the lock (a running restore) before it starts', async () => {
    // A stand-in for restore.sh: holds the lock for 1.5 s, then records the decision it took.
    const holder = spawn('bash', [
      '-c',
      'exec 9>"$1/lock"; flock 9; echo locked; sleep 1.5; mkdir "$1/decision"; echo reverted >"$1/decision/by"',
      'x',
      backup,
    ]);
    await new Promise<void>((resolve) =>
      holder.stdout.once('data', () => {
        resolve();
      }),
    );
    const t0 = Date.now();
    const r = spawnSync('bash', argv(), { encoding: 'utf8' });
    const waited = Date.now() - t0;
    await new Promise((resolve) => holder.once('exit', resolve));
    // It waited for the lock, then saw the decision the holder took, and changed nothing.
    expect(waited).toBeGreaterThan(1000);
    expect(r.status).toBe(5);
  });
});
