import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile } from '../../../shared/profile/parse';
import type { Profile } from '../../../shared/profile/types';
import { REPO } from './paths';
import { run, runOk, tail } from './run';

const BUNDLE = join(REPO, 'dist/cli/main.mjs');

/**
 * Export a profile exactly as a person does: write it to `dir/profile.json` and run the real
 * command-line tool (`node bin/v6wizard.mjs export PROFILE --out DIR`), which validates it first.
 * The CLI bundle is built only when it is missing (`npm test` builds it before the tests run).
 * Returns the export folder.
 */
export async function exportProfile(profile: Profile, dir: string): Promise<string> {
  if (!existsSync(BUNDLE))
    await runOk(['npm', 'run', '--silent', 'build:cli'], { cwd: REPO, timeoutMs: 300_000 });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'profile.json');
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  const out = join(dir, 'export');
  const r = await run([process.execPath, join(REPO, 'bin/v6wizard.mjs'), 'export', file, '--out', out], {
    cwd: REPO,
    timeoutMs: 60_000,
  });
  if (r.code !== 0)
    throw new Error(`v6wizard export failed (exit ${r.code}):\n${tail(r.stdout + r.stderr, 20)}`);
  return out;
}

/** Read an example profile file (the schema reference is dropped: the copy is written elsewhere). */
export function loadProfile(path: string): Profile {
  const parsed = parseProfile(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  if (parsed.profile === undefined) {
    throw new Error(
      `${path}: not a profile: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
  const { $schema: _schema, ...profile } = parsed.profile;
  return profile;
}
