import { UNIT_CHECK } from './unit-check';
import sleepTemplate from '../../templates/dad/v6wizard-dad-sleep.service.tmpl?raw';
import waitTemplate from '../../templates/dad/v6wizard-dad-wait.service.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { NetworkSystem, Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { DAD_PATHS, DAD_SERVICE } from './dad-paths';
import {
  DAD_APPEAR_SECONDS,
  DAD_CEILING_SECONDS,
  defaultSleepSeconds,
  UNIT_GRACE_SECONDS,
} from './dad-timing';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/**
 * The unit that brings the tunnel and the LAN address up, which the wait must start after. netplan
 * renders for systemd-networkd, so both use networkd's unit; the plain iproute2 setup uses
 * v6wizard's own tunnel unit.
 */
export function networkUnitFor(system: NetworkSystem): string {
  switch (system) {
    case 'ifupdown':
      return 'networking.service';
    case 'systemd-networkd':
    case 'netplan':
      return 'systemd-networkd.service';
    case 'iproute2':
      return 'v6wizard-tunnel.service';
    default:
      return assertNever(system);
  }
}

function unitFile(content: string, description: string): RenderedFile {
  return {
    path: DAD_PATHS.unit,
    mode: 0o644,
    owner: 'root:root',
    service: DAD_SERVICE,
    content,
    validate: [...UNIT_CHECK],
    stage: 'dad',
    description,
  };
}

/**
 * What the wait unit is for: `hold` (strategy wait) holds network-online.target and the profile's
 * services back until DAD finished; `report` (strategy optimistic) holds nothing back, because the
 * addresses are usable at once, and only watches DAD finish so a duplicate is not silent.
 */
const WAIT_ROLE = {
  hold: {
    description: "Wait until v6wizard's IPv6 addresses passed duplicate address detection",
    purpose: [
      '# Services that bind to these addresses fail while they are tentative; this unit holds',
      '# network-online.target (and the units listed in the profile) back until the kernel has finished',
      '# DAD on exactly these addresses, and fails loudly if one of them is a duplicate.',
    ].join('\n'),
    before: 'Before=network-online.target',
    wantedBy: 'network-online.target',
  },
  report: {
    description: "Report a duplicate of v6wizard's optimistic IPv6 addresses",
    purpose: [
      '# The addresses are usable at once (optimistic DAD) and nothing waits for this unit. It watches',
      '# the kernel finish DAD on them in the background and fails loudly (the journal, systemctl',
      '# --failed, v6wizard status) when one is a duplicate: an optimistic address that fails DAD is',
      '# otherwise dropped without a word.',
    ].join('\n'),
    before: '',
    wantedBy: 'multi-user.target',
  },
} as const;

/**
 * `v6wizard-dad-wait.service`: runs the tool on the profile's addresses, holding the network back
 * (strategy wait) or only reporting (strategy optimistic); see WAIT_ROLE.
 */
export function renderDadWaitUnit(
  profile: Profile,
  derived: Derived,
  ctx: RenderContext,
  role: keyof typeof WAIT_ROLE = 'hold',
): RenderedFile {
  const explicit = profile.dad.timeoutSeconds;
  const content = fill(waitTemplate, {
    header: header(ctx),
    ...WAIT_ROLE[role],
    networkUnit: networkUnitFor(profile.router.networkSystem),
    script: DAD_PATHS.script,
    timeoutArg: explicit > 0 ? ` --timeout ${explicit}` : '',
    addresses: derived.dadAddresses.map((a) => `${a.iface}=${a.address}/${a.length}`).join(' '),
    timeoutComment:
      explicit > 0
        ? [
            `# The tool gives each address ${DAD_APPEAR_SECONDS} s to appear and then ${explicit} s for DAD;`,
            '# systemd only steps in if it somehow does not stop by then.',
          ].join('\n')
        : [
            `# The tool gives each address ${DAD_APPEAR_SECONDS} s to appear and then derives its DAD wait from`,
            `# the interface's settings (at most ${DAD_CEILING_SECONDS} s); systemd only steps in if it somehow`,
            '# does not stop by then.',
          ].join('\n'),
    startTimeout: String(
      DAD_APPEAR_SECONDS + (explicit > 0 ? explicit : DAD_CEILING_SECONDS) + UNIT_GRACE_SECONDS,
    ),
  });
  return unitFile(
    content,
    role === 'hold'
      ? 'Holds network-online.target until the IPv6 addresses passed duplicate address detection.'
      : 'Watches the optimistic IPv6 addresses finish duplicate address detection and fails loudly on a duplicate; holds nothing back.',
  );
}

/** `v6wizard-dad-wait.service` for the `sleep` strategy: a fixed pause under the same unit name. */
export function renderDadSleepUnit(profile: Profile, ctx: RenderContext): RenderedFile {
  const seconds = profile.dad.timeoutSeconds > 0 ? profile.dad.timeoutSeconds : defaultSleepSeconds();
  const content = fill(sleepTemplate, {
    header: header(ctx),
    networkUnit: networkUnitFor(profile.router.networkSystem),
    seconds: String(seconds),
    startTimeout: String(seconds + UNIT_GRACE_SECONDS),
  });
  return unitFile(
    content,
    `Holds network-online.target back for a fixed ${seconds} s (a race; the wait strategy is better).`,
  );
}
