import { applyProfile, planApply, rollback } from '../../electron/apply/engine';
import type { RemoteSession } from '../../electron/ssh/types';
import type { Profile } from '../../shared/profile/types';
import { STAGES } from '../../shared/render/types';
import { forgetLan } from '../lab/vm/example-setup';
import { personality, type PersonalityName } from '../lab/vm/personalities';
import { afterRebootChecks, networkChecks, rebootUntilStarted } from '../lab/vm/selftest';
import type { CheckResult } from '../lab/types';
import type { Vm } from '../lab/vm/vm';
import { connector } from './vm-login';
import { bootGuards, revertTimers, snapshot } from './vm-state';
import { describeSamples, openMoments, sampleFailClosed, type FailClosedSample } from '../lab/vm/fail-closed';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function thrown(name: string, error: unknown): CheckResult {
  return { name, pass: false, saw: error instanceof Error ? error.message : String(error) };
}

/**
 * The app's own apply on a router the lab has just prepared, then its rollback: the engine applies the
 * profile over SSH (revert timer, confirmation over a new connection, verification), the lab
 * self-test's checks must pass from the pc and the internet side, no revert timer may be left, a plan
 * afterwards says "no changes", and rollback must put back every touched file, unit, rule, address and
 * sysctl exactly (the snapshot before equals the one after). Last, the pc forgets what the router
 * taught it, so what runs next on the same VM (the lab's install.sh run) is judged on its own.
 *
 * It runs inside the VM self-test, on the VM each example boots anyway: a VM of its own per example
 * cost about half a minute of boot and preparation each under TCG, for the same router.
 */
export interface ApplyAndRollBackOptions {
  /** The router's personalities: their login is used, their tools must survive apply and rollback. */
  personalities?: readonly PersonalityName[];
  /** Reboot between the apply and the rollback, and check everything again from the boot configuration. */
  reboot?: boolean;
}

/** Each personality's invariants, named for the moment they were checked. */
async function invariants(vm: Vm, names: readonly PersonalityName[], when: string): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const n of names)
    for (const c of (await personality(n).invariants?.(vm)) ?? [])
      out.push({ ...c, name: `${when}: ${c.name}` });
  return out;
}

async function foreignState(vm: Vm, names: readonly PersonalityName[]): Promise<string> {
  const parts: string[] = [];
  for (const n of names) {
    const state = await personality(n).foreignState?.(vm);
    if (state !== undefined) parts.push(`# ${n}\n${state}`);
  }
  return parts.join('\n');
}

export async function applyAndRollBack(
  vm: Vm,
  profile: Profile,
  options: ApplyAndRollBackOptions = {},
): Promise<CheckResult[]> {
  const names = options.personalities ?? [];
  const { connect, cleanup } = connector(vm, names);
  try {
    return await applyRebootRollBack(vm, profile, names, connect, options.reboot === true);
  } finally {
    cleanup();
  }
}

async function applyRebootRollBack(
  vm: Vm,
  profile: Profile,
  names: readonly PersonalityName[],
  connect: () => Promise<RemoteSession>,
  reboot: boolean,
): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  const before = await snapshot(vm, profile);
  const foreignBefore = await foreignState(vm, names);
  const t0 = Date.now();
  const applied = 'over SSH: the app applied the profile and its verification passed';
  let backupDir: string | undefined;
  // Fail closed at every moment the router changes: sampled before each stage is switched on, after
  // the last one and after the confirmation (the steps before the stages switch nothing on).
  const baseline = await sampleFailClosed(vm, 'before the apply');
  const samples: FailClosedSample[] = [];
  try {
    const result = await applyProfile({
      profile,
      connect,
      confirmTimeoutS: 90,
      testHooks: {
        beforeStep: async (step) => {
          if ((STAGES as readonly string[]).includes(step) || step === 'reconnect')
            samples.push(await sampleFailClosed(vm, `before ${step}`));
        },
      },
    });
    samples.push(await sampleFailClosed(vm, 'after the confirmation'));
    const failed = result.verify.filter((v) => !v.ok).map((v) => `${v.name}: ${v.detail}`);
    const pass = result.ok && result.changed && failed.length === 0;
    if (pass) backupDir = result.backupDir;
    checks.push({
      name: applied,
      pass: pass && backupDir !== undefined,
      saw:
        failed.length === 0
          ? `${result.message} in ${seconds(Date.now() - t0)}`
          : `${result.message}; failed: ${failed.join('; ')}\n${result.log.slice(-2000)}`,
    });
  } catch (error) {
    checks.push(thrown(applied, error));
  }
  if (backupDir === undefined) return checks;
  checks.push(
    baseline.forwarding !== '0' && !baseline.filtered
      ? {
          name: 'over SSH: fail closed at every stage (forwarding never on without the filter)',
          pass: true,
          saw: 'not judged: the router already forwarded IPv6 unfiltered before the apply (its own setting)',
        }
      : {
          name: 'over SSH: fail closed at every stage (forwarding never on without the filter)',
          pass: openMoments(samples).length === 0 && samples.at(-1)?.forwarding === '1',
          saw: `${describeSamples(samples)}; after the confirmation forwarding=${samples.at(-1)?.forwarding ?? '?'}`,
        },
  );

  for (const c of await networkChecks(vm, profile)) checks.push({ ...c, name: `over SSH: ${c.name}` });
  checks.push(...(await invariants(vm, names, 'over SSH')));
  const timers = await revertTimers(vm);
  checks.push({
    name: 'over SSH: no revert timer is left after the confirmation',
    pass: timers === '',
    saw: timers === '' ? 'none' : timers,
  });
  const guards = await bootGuards(vm);
  checks.push({
    name: 'over SSH: no boot guard is left after the confirmation',
    pass: guards === '',
    saw: guards === '' ? 'none' : guards,
  });

  if (reboot) {
    const rebooted = await rebootUntilStarted(vm);
    checks.push({ ...rebooted, name: `over SSH: after the apply, the ${rebooted.name}` });
    for (const c of await afterRebootChecks(vm, profile, { personalities: names }))
      checks.push({ ...c, name: `over SSH: ${c.name}` });
  }

  const s = await connect();
  try {
    const plan = await planApply(profile, s);
    checks.push({
      name: `over SSH: a plan after the apply${reboot ? ' and the reboot' : ''} says "no changes"`,
      pass: plan.summary === 'no changes',
      saw: plan.summary,
    });
    const back = await rollback(s, backupDir);
    checks.push({ name: 'over SSH: rollback ran', pass: back.ok, saw: back.ok ? backupDir : back.output });
  } catch (error) {
    checks.push(thrown('over SSH: plan and rollback', error));
  } finally {
    await s.close();
  }
  const after = await snapshot(vm, profile);
  checks.push({
    name: 'over SSH: rollback left every file, unit, rule, address and sysctl as before',
    pass: after === before,
    saw: after === before ? 'snapshots equal' : `before:\n${before}\nafter:\n${after}`,
  });
  if (names.some((n) => personality(n).foreignState !== undefined)) {
    const foreignAfter = await foreignState(vm, names);
    checks.push({
      name: "over SSH: other tools' firewall chains and tables are byte for byte as before",
      pass: foreignAfter === foreignBefore,
      saw: foreignAfter === foreignBefore ? 'equal' : `before:\n${foreignBefore}\nafter:\n${foreignAfter}`,
    });
  }
  checks.push(...(await invariants(vm, names, 'after rollback')));
  await forgetLan(vm);
  return checks;
}
