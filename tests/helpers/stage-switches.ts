import { applyProfile } from '../../electron/apply/engine';
import * as sh from '../../electron/apply/scripts';
import type { Profile } from '../../shared/profile/types';
import { fakeSession, routerWith } from './fake-router';

/** One stage as it is switched on: its name, the files handed to it, the units it (re)starts. */
export interface StageSwitch {
  stage: string;
  paths: string[];
  /** `unit NAME` (enabled and restarted) or `dropin NAME` (restarted only if running). */
  units: string[];
}

/**
 * What the app's apply switches, stage by stage, on a router that has none of the files: the
 * arguments of each switch.sh call, read from a scripted router (a mock; the VM tests run the real one).
 */
export async function applySwitches(profile: Profile): Promise<StageSwitch[]> {
  const out: StageSwitch[] = [];
  const router = routerWith(profile, new Map(), () => true);
  const recording: typeof router = {
    ...router,
    answer: (script, args) => {
      if (script === sh.SWITCH) {
        // B UNIT REARM STAGE NETSYS WAN TUN LAN LANADDR -- PATH… -- KIND UNIT…
        const first = args.indexOf('--');
        const second = args.indexOf('--', first + 1);
        const pairs = args.slice(second + 1);
        out.push({
          stage: args[3] ?? '',
          paths: args.slice(first + 1, second),
          units: pairs.flatMap((a, i) => (i % 2 === 0 ? [`${a} ${pairs[i + 1] ?? ''}`] : [])),
        });
      }
      return router.answer(script, args);
    },
  };
  const r = await applyProfile({ profile, connect: () => Promise.resolve(fakeSession(recording)) });
  if (!r.ok) throw new Error(r.message);
  return out;
}

/**
 * What install.sh switches, stage by stage, read from its `--dry-run` output on an empty root: the
 * files it would create under each `== STAGE` heading, and the units it would restart once it says
 * `-- switching on: STAGE`.
 */
export function installShSwitches(dryRun: string): StageSwitch[] {
  const out: StageSwitch[] = [];
  const files = new Map<string, string[]>();
  let section = '';
  let current: StageSwitch | undefined;
  for (const l of dryRun.split('\n')) {
    const heading = /^== (\S+)$/.exec(l);
    const file = /^would (?:create|replace) {2}(\S+)/.exec(l);
    const switching = /^-- switching on: (\S+)$/.exec(l);
    const restart = /^ {2}would run: systemctl (restart|try-restart) -- (\S+)$/.exec(l);
    if (heading) section = heading[1] ?? '';
    else if (file) files.set(section, [...(files.get(section) ?? []), file[1] ?? '']);
    else if (switching) {
      const stage = switching[1] ?? '';
      current = { stage, paths: files.get(stage) ?? [], units: [] };
      out.push(current);
    } else if (restart && current)
      current.units.push(`${restart[1] === 'restart' ? 'unit' : 'dropin'} ${restart[2] ?? ''}`);
  }
  return out;
}
