import { INTERFACES_ROOT } from '../plan/boot';
import { noteText } from '../plan/notes';
import tmpl from '../../templates/export/install.sh.tmpl?raw';
import switchStage from '../../templates/stages/switch-stage.sh?raw';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { header } from '../render/header';
import { fill } from '../render/template';
import type { RenderedFile } from '../render/types';
import { STAGES } from '../render/types';
import { sha256 } from './sha256';
import { installOrder } from './order';
import { requirements } from './requirements';
import { shQuote, shWords } from './shell-quote';
import { startedUnit } from './stage-units';

function settings(profile: Profile, files: readonly RenderedFile[]): string {
  const d = derive(profile);
  const req = requirements(profile, files);
  return [
    `readonly PROFILE_NAME=${shQuote(profile.name)}`,
    `readonly NETWORK_SYSTEM=${shQuote(profile.router.networkSystem)}`,
    `readonly WAN_IF=${shQuote(profile.router.wanInterface)}`,
    `readonly LAN_IF=${shQuote(profile.router.lanInterface)}`,
    `readonly TUNNEL_IF=${shQuote(profile.tunnel.interface)}`,
    `readonly LAN_ADDRESS=${shQuote(`${d.lanRouter}/64`)}`,
    "# ifupdown: whether this export's own file raises the LAN at boot (allow-hotplug), and what to say",
    "# when neither it nor the person's configuration does (the plan's refusal, in the same words).",
    `readonly RAISE_LAN=${profile.router.raiseLanAtBoot === true ? '1' : '0'}`,
    `readonly BOOT_REFUSAL=${shQuote(
      noteText({
        code: 'lanNotRaised',
        severity: 'refuse',
        params: { lan: profile.router.lanInterface, files: `${INTERFACES_ROOT} and the files it sources` },
      }),
    )}`,
    '# Programs needed: when (check = before installing, apply = to switch on), program, Debian package.',
    'readonly REQUIRED=(',
    ...req.map((r) => `  ${shWords([r.when, r.binary, r.package])}`),
    ')',
  ].join('\n');
}

/**
 * One `put` line per file: path, mode, owner, hash, the unit its stage starts once switched on (kind
 * and name, '' '' for none), the number of folders a `{root}` check copies and those folders, then the
 * check's argv.
 */
function putLine(profile: Profile, f: RenderedFile, files: readonly RenderedFile[]): string {
  const mode = `0${f.mode.toString(8)}`;
  const dirs = f.checkRoot ?? [];
  const started = startedUnit(profile, f, files);
  return `put ${shWords([f.path, mode, f.owner, sha256(f.content), started?.kind ?? '', started?.unit ?? '', String(dirs.length), ...dirs, ...(f.validate ?? [])])}`;
}

function plan(profile: Profile, files: readonly RenderedFile[]): string {
  const ordered = installOrder(files);
  return STAGES.filter((s) => ordered.some((f) => f.stage === s))
    .map((stage) =>
      [
        '',
        `begin_stage ${shQuote(stage)}`,
        ...ordered.filter((f) => f.stage === stage).map((f) => putLine(profile, f, files)),
        'end_stage',
      ].join('\n'),
    )
    .join('\n');
}

/**
 * install.sh for an export: a bash script that installs the files in stage order with backup,
 * the daemons' own checks on a temporary copy, atomic rename and an undo.sh (see the template for
 * the behaviour). Every profile value in it goes through shQuote.
 */
export function installScript(profile: Profile, files: readonly RenderedFile[]): string {
  // The header puts the profile name into a comment line; a line break there would turn the rest of the
  // name into shell code, so it is refused here even though validation should already have caught it.
  if (/\p{Cc}/u.test(profile.name)) throw new Error('the profile name contains a control character');
  return fill(tmpl, {
    header: header({ profileSource: profile.name }),
    settings: settings(profile, files),
    // The same commands per stage as the app's apply (electron/apply/sh/switch.sh includes this file).
    switchStage: switchStage.trimEnd(),
    plan: plan(profile, files),
  });
}
