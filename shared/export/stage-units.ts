import type { Profile } from '../profile/types';
import type { RenderedFile, Stage } from '../render/types';

const DEFAULT_TUNNEL_UNIT = 'v6wizard-tunnel.service';
const UNIT_SUFFIX = /\.(service|socket|timer|target|path|mount)$/;
/** A drop-in for someone else's service: starting it must not enable that service. */
const DROP_IN = /^\/etc\/systemd\/system\/[^/]+\.d\//;

/** A service as systemctl names it, so `radvd` and `radvd.service` are restarted once, not twice. */
export function unitName(service: string): string {
  return UNIT_SUFFIX.test(service) ? service : `${service}.service`;
}

/**
 * The systemd unit that brings the tunnel up when the router uses plain iproute2 commands: the network
 * stage's own unit.
 */
export function tunnelUnit(files: readonly RenderedFile[]): string {
  const unit = files.find(
    (f) => f.stage === 'network' && f.path.endsWith('.service') && f.service !== undefined,
  );
  return unit?.service !== undefined ? unitName(unit.service) : DEFAULT_TUNNEL_UNIT;
}

/** A unit a stage starts once it is switched on: enabled and (re)started, or (`dropin`) only restarted. */
export interface StartedUnit {
  kind: 'unit' | 'dropin';
  unit: string;
}

/**
 * The unit that a changed file makes its stage start, or none: the one description both install.sh
 * (rendered into each `put` line) and the apply's switch (stageUnits) read. In the network stage the
 * network system's own commands switch everything (templates/stages/switch-stage.sh), except under
 * plain iproute2, which has no network daemon: there the tunnel unit is the stage's only unit.
 */
export function startedUnit(
  profile: Profile,
  file: RenderedFile,
  all: readonly RenderedFile[],
): StartedUnit | undefined {
  if (file.stage === 'network')
    return profile.router.networkSystem === 'iproute2' ? { kind: 'unit', unit: tunnelUnit(all) } : undefined;
  if (file.service === undefined) return undefined;
  return { kind: DROP_IN.test(file.path) ? 'dropin' : 'unit', unit: unitName(file.service) };
}

/** The units one stage starts for these changed files, each once: `kind unit` pairs, as switch.sh takes them. */
export function stageUnits(
  profile: Profile,
  stage: Stage,
  changed: readonly RenderedFile[],
  all: readonly RenderedFile[],
): string[] {
  const out: string[] = [];
  for (const f of changed) {
    if (f.stage !== stage) continue;
    const started = startedUnit(profile, f, all);
    if (started === undefined || out.includes(started.unit)) continue;
    out.push(started.kind, started.unit);
  }
  return out;
}
