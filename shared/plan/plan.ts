import { requirements } from '../export/requirements';
import { unitName } from '../export/stage-units';
import { installOrder } from '../export/order';
import type { Profile } from '../profile/types';
import { STAGES, type RenderedFile, type Stage } from '../render/types';
import { bootNotes } from './boot';
import { unifiedDiff } from './diff';
import { dnsNotes } from './dns';
import { firewallNotes } from './firewall-refusal';
import { reviewHash } from './reviewed';
import { APPLY_STEPS, type ApplyStep, type FilePlan, type Plan, type RemoteState } from './types';

const octal = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`;

/** Compare one rendered file with what the router has; the same test install.sh's is_current makes. */
export function planFile(file: RenderedFile, remote: RemoteState['files'][number] | undefined): FilePlan {
  const base = { path: file.path, stage: file.stage };
  if (remote?.content === undefined) {
    return {
      ...base,
      status: 'new',
      metaChanges: [],
      diff: unifiedDiff('', file.content, { old: `${file.path} (absent)`, new: `${file.path} (new)` }),
    };
  }
  const metaChanges: string[] = [];
  if (remote.mode !== undefined && remote.mode !== file.mode)
    metaChanges.push(`mode ${octal(remote.mode)} → ${octal(file.mode)}`);
  // A bare owner ("root") compares with the user part only, as install.sh does.
  const owner = file.owner.includes(':') ? remote.owner : remote.owner?.split(':')[0];
  if (owner !== undefined && owner !== file.owner) metaChanges.push(`owner ${owner} → ${file.owner}`);
  const diff = unifiedDiff(remote.content, file.content, {
    old: `${file.path} (now)`,
    new: `${file.path} (new)`,
  });
  return {
    ...base,
    status: diff === '' && metaChanges.length === 0 ? 'unchanged' : 'changed',
    metaChanges,
    diff,
  };
}

/** Whether a stage has work to do; the network stage and the iproute2 tunnel unit follow install.sh. */
function changedStages(files: readonly FilePlan[]): Stage[] {
  return STAGES.filter((s) => files.some((f) => f.stage === s && f.status !== 'unchanged'));
}

/**
 * The plan: per-file status and diff against the router, packages to install, services to restart and
 * the steps the apply will run. Pure; the Node side reads the router and passes its state in.
 * A router that already has exactly these files gets `changes: false` and the summary "no changes".
 */
export function buildPlan(profile: Profile, rendered: readonly RenderedFile[], remote: RemoteState): Plan {
  const ordered = installOrder(rendered);
  const byPath = new Map(remote.files.map((f) => [f.path, f]));
  const files = ordered.map((f) => planFile(f, byPath.get(f.path)));
  const have = new Set(remote.programs);
  const packages = [
    ...new Set(
      requirements(profile, rendered)
        .filter((r) => !have.has(r.binary))
        .map((r) => r.package),
    ),
  ];
  const stages = changedStages(files);
  const services: string[] = [];
  for (const f of ordered) {
    const p = files.find((x) => x.path === f.path);
    if (p?.status === 'unchanged' || f.service === undefined) continue;
    const unit = unitName(f.service);
    if (!services.includes(unit)) services.push(unit);
  }
  const changes = stages.length > 0 || packages.length > 0;
  const always: ApplyStep[] = [
    'preflight',
    'backup',
    'upload',
    'check',
    'arm',
    'install',
    'reconnect',
    'verify',
    'confirm',
  ];
  const steps = changes
    ? APPLY_STEPS.filter(
        (s) =>
          always.includes(s) ||
          (s === 'packages' && packages.length > 0) ||
          (s === 'broker' && profile.tunnel.update !== undefined) ||
          ((STAGES as readonly string[]).includes(s) && stages.includes(s as Stage)),
      )
    : [];
  const count = (status: FilePlan['status']): number => files.filter((f) => f.status === status).length;
  const summary = changes
    ? [
        `${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged file(s)`,
        packages.length > 0 ? `packages to install: ${packages.join(' ')}` : undefined,
        services.length > 0 ? `services to restart: ${services.join(' ')}` : undefined,
      ]
        .filter((x) => x !== undefined)
        .join('; ')
    : 'no changes';
  const notes = [
    ...firewallNotes(profile, remote.firewall),
    ...(remote.networkFiles !== undefined ? bootNotes(profile, rendered, remote.networkFiles) : []),
    ...dnsNotes(profile, remote.dnsListeners),
  ];
  return {
    files,
    packages,
    services,
    stages,
    steps,
    changes,
    summary,
    notes,
    reviewed: reviewHash(rendered, remote),
  };
}
