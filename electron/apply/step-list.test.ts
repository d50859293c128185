import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installScript } from '../../shared/export/install-script';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { exampleFiles } from '../../tests/lab/vm/selftest';
import { fakeSession, routerWith } from '../../tests/helpers/fake-router';
import { applyProfile } from './engine';
import * as sh from './scripts';

/**
 * The engine's step list for every example, as golden files: each router script it runs, in order,
 * with its arguments, against a scripted router that has none of the files. It is what the apply does,
 * read in one place; a change to the stages, their order or the units a stage restarts shows here as
 * a diff (the iproute2 network stage once restarted the firewall unit instead of the tunnel's).
 * V6WIZARD_UPDATE_GOLDEN=1 rewrites them.
 */
const GOLDEN = join(import.meta.dirname, 'golden');
const NAMES = new Map(Object.entries(sh).map(([name, text]) => [text, name]));

/** One line for one script call: its name, then its arguments with the run's random parts named. */
function line(name: string, args: readonly string[], suffix: string): string {
  // The probe's and upload's arguments are every path (already in the golden render).
  const shown = name === 'PROBE' || name === 'UPLOAD' ? [] : args;
  return [name, ...shown]
    .map((a, i) => (name === 'BACKUP' && i === 3 ? 'HOST' : a))
    .map((a) => (suffix === '' ? a : a.split(suffix).join('SUFFIX')))
    .join(' ');
}

async function stepList(profile: Profile): Promise<string> {
  const lines: string[] = [];
  const router = routerWith(profile, new Map(), () => true);
  let suffix = '';
  const recording: typeof router = {
    ...router,
    answer: (script, args) => {
      const name = NAMES.get(script) ?? 'UNKNOWN';
      if (name === 'BACKUP') suffix = args[1] ?? '';
      lines.push(line(name, args, suffix));
      return router.answer(script, args);
    },
  };
  const result = await applyProfile({ profile, connect: () => Promise.resolve(fakeSession(recording)) });
  if (!result.ok) throw new Error(result.message);
  return `${lines.join('\n')}\n`;
}

/** Compare with the golden file, or (V6WIZARD_UPDATE_GOLDEN=1, or none yet) write it. */
function expectGolden(name: string, text: string): void {
  const golden = join(GOLDEN, name);
  if (process.env['V6WIZARD_UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(golden, text);
  }
  expect(text).toBe(readFileSync(golden, 'utf8'));
}

/**
 * Side by side, per example: the export's install.sh and the apply's steps. Both take the stages, their
 * files, their switching commands (templates/stages/switch-stage.sh) and the units each stage starts
 * (shared/export/stage-units.ts) from one description; a change to any shows in both goldens.
 */
describe('the apply step list and the export install.sh, per example (golden)', () => {
  for (const file of exampleFiles()) {
    const name = basename(file, '.json');
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    it(`${name}: apply steps`, async () => {
      expectGolden(`${name}.steps`, await stepList(profile));
    });
    it(`${name}: install.sh`, () => {
      expectGolden(`${name}.install.sh.golden`, installScript(profile, render(profile)));
    });
  }
});
