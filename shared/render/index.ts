import { derive, type Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import { validateProfile } from '../validate';
import { formatProblem } from '../validate/problem';
import { renderDad } from './dad';
import { renderDhcp } from './dhcp';
import { renderFirewall } from './firewall';
import { renderForwarding } from './forwarding';
import { renderRadvd } from './radvd';
import { renderTunnelWatch } from './radvd-watch';
import { renderSysctl } from './sysctl';
import { renderTunnel } from './tunnel';
import { STAGES, type RenderContext, type RenderedFile } from './types';

/** Every renderer has this shape: pure, from a valid profile to the files it owns. */
export type Renderer = (profile: Profile, derived: Derived, ctx: RenderContext) => RenderedFile[];

const RENDERERS: readonly Renderer[] = [
  renderSysctl,
  renderTunnel,
  renderDad,
  renderRadvd,
  renderTunnelWatch,
  renderDhcp,
  renderFirewall,
  renderForwarding,
];

export class InvalidProfileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the profile is not valid:\n${problems.join('\n')}`);
  }
}

/**
 * Turn a profile into every file the router needs, ordered by stage then path. Refuses a profile that
 * does not validate, so nothing hostile or inconsistent is ever rendered.
 */
export function render(profile: Profile): RenderedFile[] {
  const validation = validateProfile(profile);
  if (!validation.ok || !validation.profile) {
    throw new InvalidProfileError(
      validation.problems.filter((p) => p.severity === 'error').map(formatProblem),
    );
  }
  const valid = validation.profile;
  const ctx: RenderContext = { profileSource: valid.name };
  const derived = derive(valid);
  const files = RENDERERS.flatMap((r) => r(valid, derived, ctx));
  const paths = new Set<string>();
  for (const f of files) {
    if (paths.has(f.path)) throw new Error(`two renderers produced ${f.path}`);
    paths.add(f.path);
  }
  return files.sort(
    (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.path.localeCompare(b.path),
  );
}

export type { RenderedFile, RenderContext, Stage } from './types';
