import { hostname } from 'node:os';
import { buildPlan } from '../../shared/plan/plan';
import { APPLY_STEPS, type Plan } from '../../shared/plan/types';
import { BACKUPS_ROOT } from '../../shared/plan/backup-dir';
import { render } from '../../shared/render';
import type { Profile } from '../../shared/profile/types';
import type { RemoteSession } from '../ssh/types';
import { ApplyFailure, ApplyRun } from './apply-run';
import { adoptPlan, consentToPackages, preflight, STAGING_ROOT, STEP_BODIES } from './apply-steps';
import { redact, type StepStatus } from './events';
import type { ApplyOptions, ApplyResult } from './options';
import { probe, runScript } from './remote';
import * as sh from './scripts';
import { requirementBinaries } from './step-args';

export { BACKUPS_ROOT };
export { SWITCH_BOUND_S, type ApplyOptions, type ApplyResult, type TestHooks } from './options';
export { checkArgs } from './step-args';

/** The dry run: read the router and compare. One connection, one command. */
export async function planApply(profile: Profile, session: RemoteSession): Promise<Plan> {
  const files = render(profile);
  return buildPlan(
    profile,
    files,
    await probe(
      session,
      files.map((f) => f.path),
      requirementBinaries(profile, files),
      profile.router.networkSystem,
    ),
  );
}

/**
 * Apply a profile to a router over SSH, in the order backup → upload → packages → arm the revert
 * timer and boot guard → checks → (broker) → atomic install → the stages in their fail-closed order
 * (sysctl → firewall → network → DAD → radvd → DHCPv6 → forwarding) → reconnect over a new connection
 * → verify → confirm: the plan's steps, each one body in apply-steps.ts. Any failure or a cancel rolls
 * back whatever was done, here and only here; if the router cannot be reached to roll back, its own
 * timer does it: confirmTimeoutS after the switch finished, or confirmTimeoutS + switchBoundS after
 * arming when the switch never finished. A revert never interleaves with a step that changes the
 * router (guard.sh's lock).
 */
export async function applyProfile(o: ApplyOptions): Promise<ApplyResult> {
  const run = new ApplyRun(o);
  try {
    run.session = await run.open();
    const plan = await run.step('preflight', () => preflight(run));
    run.plan = plan;
    if (!plan.changes) {
      for (const s of APPLY_STEPS.slice(1)) run.emit(s, 'skipped');
      return { ok: true, changed: false, plan, verify: [], message: 'no changes', log: run.log.text() };
    }
    adoptPlan(run, plan);
    await consentToPackages(run);
    for (const name of plan.steps)
      if (name !== 'preflight') await run.step(name, () => STEP_BODIES[name](run));
    const dir = run.backupDir ?? '';
    return {
      ok: true,
      changed: true,
      plan,
      backupDir: dir,
      verify: run.verify,
      message: `applied: ${plan.summary}; backup in ${dir}`,
      log: run.log.text(),
    };
  } catch (e) {
    // Awaited here: the finally below must not close the connection the rollback still uses.
    return await failed(run, e);
  } finally {
    await run.session?.close().catch(() => undefined);
  }
}

/** The one place an apply ends badly: undo what was done (or say who will), then the outcome. */
async function failed(run: ApplyRun, e: unknown): Promise<ApplyResult> {
  const failure =
    e instanceof ApplyFailure ? e : new ApplyFailure('preflight', e instanceof Error ? e.message : String(e));
  const { backupDir } = run;
  const undo =
    backupDir !== undefined
      ? await rollbackAfterFailure(run.session, () => run.open(), {
          backupDir,
          unit: run.unit,
          revertBy: run.revertBy,
          stageDir: run.stageDir ?? '',
          confirming: failure.step === 'confirm',
          emit: (step, status, output) => {
            run.emit(step, status, output);
          },
        })
      : { text: 'nothing on the router was changed', kept: false };
  // A cancel is the person's decision, not a failure: say so, then what became of the router.
  const message = failure.cancelled
    ? `cancelled by the person; ${undo.text}`
    : `${failure.step} failed: ${failure.message}\n${undo.text}`;
  return {
    ok: false,
    changed: undo.kept,
    plan: run.plan ?? buildPlan(run.o.profile, run.rendered, { files: [], programs: [] }),
    ...(backupDir !== undefined ? { backupDir } : {}),
    verify: run.verify,
    message: run.hide(message),
    log: run.log.text(),
  };
}

/** Undo a failed apply now, over the open connection or a new one; else leave it to the timer. */
async function rollbackAfterFailure(
  session: RemoteSession | undefined,
  open: () => Promise<RemoteSession>,
  o: {
    backupDir: string;
    unit: string;
    revertBy: string;
    stageDir: string;
    /** The confirmation itself failed: it may have reached the router before its answer was lost. */
    confirming: boolean;
    emit: (step: 'rollback', status: StepStatus, output?: string) => void;
  },
): Promise<{ text: string; kept: boolean }> {
  o.emit('rollback', 'running');
  for (const attempt of [session, undefined]) {
    let s: RemoteSession | undefined = attempt;
    try {
      s ??= await open();
      const r = await runScript(s, sh.REVERT_NOW, [o.backupDir, o.unit, o.stageDir, '0'], {
        timeoutMs: 180_000,
      });
      if (attempt === undefined) await s.close().catch(() => undefined);
      if (r.code === 0) {
        o.emit('rollback', 'ok', r.stdout);
        return { text: `rolled back: the router is as it was before (backup ${o.backupDir})`, kept: false };
      }
      if (r.code === RESTORE_FAILED) {
        // restore.sh stopped at a failing step, or the router still differs from the backup: say
        // which, never "rolled back". The backup stays available (it is not marked rolled back).
        o.emit('rollback', 'failed', r.stdout);
        const failed = r.stdout
          .split('\n')
          .filter(
            (l) =>
              l.startsWith('FAILED: ') || l.startsWith('  -') || l.startsWith('  +') || / differs/.test(l),
          );
        return {
          text: `the rollback FAILED, the router is part way back:\n${failed.join('\n')}\nthe backup ${o.backupDir} stays; roll back on request to try again`,
          kept: true,
        };
      }
      if (r.code === REVERT_NOW_CONFIRMED) {
        // The confirmation arrived and only its answer was lost: the new settings stay, as confirmed.
        o.emit('rollback', 'skipped', r.stdout);
        return {
          text: `the confirmation had reached the router, so it keeps the new settings; roll back on request to undo them (backup ${o.backupDir})`,
          kept: true,
        };
      }
    } catch {
      // The connection is gone; try a new one, then leave it to the router's own timer.
    }
  }
  o.emit('rollback', 'failed', 'the router could not be reached');
  if (o.confirming)
    return {
      text: `the router could not be reached again. The confirmation may have reached the router before the connection was lost: then it keeps the new settings; if not, its revert timer restores ${o.backupDir} ${o.revertBy}. Once that time has passed, a plan shows which: "no changes" means the new settings stayed`,
      kept: false,
    };
  return {
    text:
      o.unit !== ''
        ? `the router could not be reached to roll back; its revert timer restores ${o.backupDir} ${o.revertBy}`
        : `the router could not be reached to clean up; nothing was put in place (the revert timer was not armed yet); the backup ${o.backupDir} and the uploaded files under ${STAGING_ROOT} stay`,
    kept: false,
  };
}

/** revert-now.sh's exit when the apply was confirmed: a failure's clean-up does not undo it. */
const REVERT_NOW_CONFIRMED = 4;
/** restore.sh's exit when a step failed or the router still differs from the backup afterwards. */
const RESTORE_FAILED = 3;

/**
 * Rollback on request: run the newest (or the given) backup's restore.sh, whatever the apply's outcome
 * was. `secrets` (a sudo password) are hidden in the output, as in the apply's.
 */
export async function rollback(
  session: RemoteSession,
  backupDir?: string,
  secrets: readonly string[] = [],
): Promise<{ ok: boolean; backupDir: string; output: string }> {
  let dir = backupDir;
  if (dir === undefined) {
    const r = await runScript(session, sh.LATEST_BACKUP, [BACKUPS_ROOT]);
    dir = r.stdout.trim();
    if (dir === '')
      return { ok: false, backupDir: '', output: `no v6wizard backup to roll back to in ${BACKUPS_ROOT}` };
  }
  const r = await runScript(session, sh.REVERT_NOW, [dir, '', '', '1', hostname()], { timeoutMs: 180_000 });
  return { ok: r.code === 0, backupDir: dir, output: redact(`${r.stdout}${r.stderr}`, secrets) };
}
