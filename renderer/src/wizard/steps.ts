import type { Stage } from '../../../shared/render';
import type { Problem } from '../../../shared/validate';

/** The wizard's steps in order. Applying to the router comes last: exporting is the way without SSH. */
export const STEP_IDS = [
  'start',
  'router',
  'tunnel',
  'lan',
  'dhcp',
  'firewall',
  'dad',
  'review',
  'export',
  'apply',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/**
 * Which top-level profile paths each step edits. A problem belongs to the step whose prefix it starts
 * with; top-level problems (name, version, a crashed rule) go to the Router step, the first step that
 * shows the profile's name, so no problem is ever left without a place to fix it.
 */
const SECTIONS: Record<StepId, readonly string[]> = {
  start: [],
  router: ['router', 'name', 'description', 'version', '$schema', '(profile)', '(file)', ''],
  tunnel: ['tunnel'],
  lan: ['lan', 'ra'],
  dhcp: ['dhcpv6'],
  firewall: ['firewall', 'forwarding'],
  dad: ['dad'],
  review: [],
  export: [],
  apply: [],
};

/** The generated files each step's preview shows (by stage). */
const STAGES_OF: Record<StepId, readonly Stage[]> = {
  start: [],
  router: ['network', 'sysctl'],
  tunnel: ['network', 'sysctl'],
  lan: ['ra'],
  dhcp: ['dhcp'],
  firewall: ['firewall'],
  dad: ['dad'],
  review: [],
  export: [],
  apply: [],
};

export const stepIndex = (step: StepId): number => STEP_IDS.indexOf(step);

export const previewStages = (step: StepId): readonly Stage[] => STAGES_OF[step];

/** The first path segment: `dhcpv6.reservations[2].duid` → `dhcpv6`, `name` → `name`. */
function section(path: string): string {
  const m = /^[^.[]*/.exec(path);
  return m ? m[0] : path;
}

/** Does this problem belong to the step? */
export function belongsTo(problem: Problem, step: StepId): boolean {
  return SECTIONS[step].includes(section(problem.path));
}

/** The step where a problem is fixed (Router for anything without a section of its own). */
export function stepOf(problem: Problem): StepId {
  return STEP_IDS.find((s) => belongsTo(problem, s)) ?? 'router';
}

/** The errors (not warnings: they never block) that keep the person on a step. */
export function blockingErrors(problems: readonly Problem[], step: StepId): Problem[] {
  return problems.filter((p) => p.severity === 'error' && belongsTo(p, step));
}

/**
 * Where a request to go to `target` from `current` really leads. Going back is always allowed; going
 * forward passes every step in between, so the first of them with errors stops the person there
 * (and `blocked` says so, to show that step's error summary). Review, Export and Apply need the whole profile.
 */
export function resolveMove(
  problems: readonly Problem[],
  current: StepId,
  target: StepId,
): { step: StepId; blocked: boolean } {
  const from = stepIndex(current);
  const to = stepIndex(target);
  if (to <= from) return { step: target, blocked: false };
  for (let i = from; i < to; i++) {
    const step = STEP_IDS[i];
    if (step !== undefined && blockingErrors(problems, step).length > 0) return { step, blocked: true };
  }
  // Steps before `current` may have errors too (an opened profile): Review/Export cannot be reached then.
  if (target === 'review' || target === 'export' || target === 'apply') {
    const bad = problems.find((p) => p.severity === 'error');
    if (bad) return { step: stepOf(bad), blocked: true };
  }
  return { step: target, blocked: false };
}
