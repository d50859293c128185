import type { Profile } from '../../profile/types';
import { assertNever } from '../../util/assert-never';
import { isUnitName } from '../names';
import { error, warning, type Problem } from '../problem';
import { networks } from './context';
import type { Rule } from './index';
import { show } from './show';

function services(profile: Profile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  profile.dad.services.forEach((name, i) => {
    const path = `dad.services[${i}]`;
    if (!isUnitName(name)) {
      problems.push(
        error(
          path,
          `is ${show(name)} — a systemd unit name is 1–64 letters, digits, ':', '_', '.', '@' and '-', ` +
            `not starting with '-' or '.', optionally ending in .service, e.g. nginx or ssh.service`,
        ),
      );
      return;
    }
    const unit = name.endsWith('.service') ? name : `${name}.service`;
    const first = seen.get(unit);
    if (first === undefined) seen.set(unit, i);
    else problems.push(warning(path, `names ${unit} again (already dad.services[${first}]); once is enough`));
  });
  return problems;
}

/** What each strategy costs, said once so the choice is an informed one (field guide §5). */
function strategy(profile: Profile): Problem[] {
  const s = profile.dad.strategy;
  switch (s) {
    case 'wait':
      return [];
    case 'optimistic':
      // Only `ip addr add ... optimistic` marks a static address optimistic; ifupdown, networkd and
      // netplan have no such option, so there the LAN address still runs ordinary DAD (1–2 s).
      return profile.router.networkSystem === 'iproute2'
        ? [
            warning(
              'dad.strategy',
              `is optimistic on the router's LAN address ${networks(profile).lanRouter ?? `(lan.routerInterfaceId ${profile.lan.routerInterfaceId})`}, which is set by hand: RFC 4429 §3.1 says optimistic DAD should not be used for manually configured addresses, because a hand-picked address such as ::1 is the one another router on the LAN most likely has too, and until DAD ends both answer for it. v6wizard reports a duplicate when the kernel finds one (v6wizard-dad-wait.service fails, and the apply's verification names the address); wait holds services back instead`,
            ),
          ]
        : [
            warning(
              'dad.strategy',
              `is optimistic, but ${profile.router.networkSystem} cannot mark a static address optimistic: the router's LAN address still waits 1–2 s for DAD at boot and nothing holds services back; choose wait, or the iproute2 network system`,
            ),
          ];
    case 'sleep': {
      const problems = [
        warning(
          'dad.strategy',
          'is sleep: a fixed pause is a race (too short on a slow link) and slow (too long everywhere else), and it never reports ' +
            'a duplicate address; wait waits on exactly the configured addresses and reports duplicates',
        ),
      ];
      if (profile.dad.timeoutSeconds < 1) {
        problems.push(
          error(
            'dad.timeoutSeconds',
            `is ${profile.dad.timeoutSeconds}; with strategy sleep it is the pause, so it must be at least 1 second (e.g. 3)`,
          ),
        );
      }
      return problems;
    }
    case 'disable':
      return [
        warning(
          'dad.strategy',
          'is disable: duplicate addresses on these interfaces go unnoticed; optimistic makes addresses usable at once and still detects duplicates',
        ),
      ];
    default:
      return assertNever(s);
  }
}

export const dadRule: Rule = (profile) => [...services(profile), ...strategy(profile)];
