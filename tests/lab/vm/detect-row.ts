import { detect } from '../../../electron/detect/detect';
import { prefillFromDetect } from '../../../shared/detect/prefill';
import type { Profile } from '../../../shared/profile/types';
import { render } from '../../../shared/render';
import { connector } from '../../apply/vm-login';
import type { CheckResult } from '../types';
import type { PersonalityName } from './personalities';
import type { Vm } from './vm';

/**
 * What a person does on the Router step before anything is applied: connect (as the router's own
 * login), detect, and take the router's values the product proposes ("Use the router's values"). The
 * row goes on with the profile detect filled; the check says what was proposed, and fails only when
 * detect itself could not run.
 */
export async function takeDetectedValues(
  vm: Vm,
  profile: Profile,
  personalities: readonly PersonalityName[],
): Promise<{ profile: Profile; check: CheckResult }> {
  const { connect, cleanup } = connector(vm, personalities);
  const name = "detect: the router's values taken as the wizard proposes them";
  try {
    const session = await connect();
    try {
      const found = await detect(session, {
        sudo: session.target.user !== 'root',
        files: render(profile).map((f) => f.path),
      });
      const filled = prefillFromDetect(profile, found);
      const said = filled.changes.map((c) => `${c.path}: ${c.from ?? '(unset)'} → ${c.to} (${c.why})`);
      return {
        profile: filled.profile,
        check: { name, pass: true, saw: said.length === 0 ? 'nothing to change' : said.join('; ') },
      };
    } finally {
      await session.close();
    }
  } catch (error) {
    return {
      profile,
      check: { name, pass: false, saw: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    cleanup();
  }
}
