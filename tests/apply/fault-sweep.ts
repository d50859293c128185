import { applyProfile, rollback } from '../../electron/apply/engine';
import type { ApplyStep } from '../../shared/plan/types';
import type { Profile } from '../../shared/profile/types';
import type { Vm } from '../lab/vm/vm';
import { bootLabRouter } from './vm-router';
import { vmSession, type VmSession } from './vm-session';
import { prepareRouter } from '../lab/vm/example-setup';
import { bootGuards, revertTimers, snapshot, waitForRevert } from './vm-state';

/**
 * The two faults: the SSH connection killed for good, or the router's power cut (qemu's system_reset:
 * no shutdown, no sync, memory and /run gone) with the connection gone with it.
 */
export type Fault = 'connection' | 'power';
export const FAULTS: readonly Fault[] = ['connection', 'power'];

/** One fault of the sweep: where it hit, how the router ended, and whether that is allowed. */
export interface SweepRow {
  step: ApplyStep;
  fault: Fault;
  /** Milliseconds after the step started that the connection was killed. */
  killAfterMs: number;
  /** The apply's first message line, as the person would read it. */
  message: string;
  /**
   * 'reverted': the router's timer restored the backup; 'reverted at boot': its boot guard did, after
   * a power cut; 'untouched': nothing was armed yet; 'confirmed': the confirmation reached the router
   * before the fault (the new state).
   */
  ended: 'reverted' | 'reverted at boot' | 'untouched' | 'confirmed' | 'unknown';
  /** Seconds from the kill until the router was back in its old state (restore finished). */
  backAfterS: number;
  /**
   * The router is byte for byte in the state before the apply (or, confirmed, in the state a whole
   * apply leaves), with no timer left and sshd answering.
   */
  pass: boolean;
  saw: string;
}

export interface Sweep {
  example: string;
  /** The steps of a whole apply on this router, with their durations in ms. */
  baseline: { step: ApplyStep; ms: number }[];
  rows: SweepRow[];
}

/** Small numbers, so each kill costs seconds of waiting, not minutes (the app's defaults are 60 and 300). */
const CONFIRM_S = 10;
/** The router's lock lets go this long after the backup when the app is gone before arming (default 120). */
const LOCK_BEFORE_ARM_S = 30;

/** How a lost connection reads in the apply's message (the step's own failure, or the reconnect's). */
const LOST = /the ssh connection (dropped|is closed)|could not connect again/;
/** How the app says it cannot know whether its confirmation arrived. */
const UNSURE = /(may have|had) reached the router/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The issue's "SSH connection killed at each apply step" and "power cut at every step", exhaustively,
 * on one router VM: a whole apply first (timed per step, then rolled back), then per step and fault one
 * apply whose connection is killed, or whose router loses power, in the middle of that step (half its
 * measured duration after it started), and never comes back. Each time the
 * router must end exactly as before (snapshot), with no revert timer left and sshd answering: either
 * nothing was armed yet, or its own timer restored the backup. Too long for `npm test` (one to three
 * minutes per step and fault); `npm test` kills the connection before the switch and cuts the power
 * after it (tests/apply/apply-faults.vm.test.ts).
 */
export async function runFaultSweep(
  example: string,
  log: (line: string) => void,
  only?: readonly string[],
  faults: readonly Fault[] = FAULTS,
): Promise<Sweep> {
  const { vm, profile } = await bootLabRouter('fault-sweep', example);
  try {
    const before = await snapshot(vm, profile);
    const { baseline, after } = await timeWholeApply(vm, profile);
    log(`baseline: ${baseline.map((b) => `${b.step} ${(b.ms / 1000).toFixed(1)} s`).join(', ')}`);
    const rows: SweepRow[] = [];
    for (const b of baseline) {
      if (only !== undefined && !only.includes(b.step)) continue;
      for (const fault of faults) {
        const row = await faultDuring(vm, profile, { before, after }, baseline, b.step, fault);
        log(
          `${row.pass ? 'PASS' : 'FAIL'} ${b.step.padEnd(10)} ${fault.padEnd(10)} ${(row.killAfterMs / 1000).toFixed(1)} s in: ${row.ended}, back after ${row.backAfterS.toFixed(1)} s — ${row.message}`,
        );
        if (!row.pass) log(row.saw);
        rows.push(row);
      }
    }
    return { example, baseline, rows };
  } finally {
    await vm.stop();
  }
}

/**
 * A whole apply with the durations of its steps and the state it leaves; rolled back afterwards so the
 * router is as before.
 */
async function timeWholeApply(
  vm: Vm,
  profile: Profile,
): Promise<{ baseline: { step: ApplyStep; ms: number }[]; after: string }> {
  const started = new Map<ApplyStep, number>();
  const steps: { step: ApplyStep; ms: number }[] = [];
  const r = await applyProfile({
    profile,
    connect: () => vmSession(vm),
    onEvent: (e) => {
      if (e.step === 'rollback') return;
      if (e.status === 'running') started.set(e.step, Date.now());
      if (e.status === 'ok')
        steps.push({ step: e.step, ms: Date.now() - (started.get(e.step) ?? Date.now()) });
    },
  });
  if (!r.ok) throw new Error(`the whole apply failed, so there is nothing to sweep: ${r.message}`);
  const after = await snapshot(vm, profile);
  const s = await vmSession(vm);
  try {
    const back = await rollback(s);
    if (!back.ok) throw new Error(`rollback after the baseline apply failed: ${back.output}`);
  } finally {
    await s.close();
  }
  return { baseline: steps, after };
}

async function faultDuring(
  vm: Vm,
  profile: Profile,
  states: { before: string; after: string },
  baseline: readonly { step: ApplyStep; ms: number }[],
  step: ApplyStep,
  fault: Fault,
): Promise<SweepRow> {
  // The time from arming to the kill, from the baseline: the bound must cover it (or the timer would
  // fire while the apply is still running, which is another test), with room for a slower run.
  const index = baseline.findIndex((b) => b.step === step);
  const armIndex = baseline.findIndex((b) => b.step === 'arm');
  const killAfterMs = Math.floor((baseline[index]?.ms ?? 0) / 2);
  const sinceArmMs = baseline.slice(armIndex + 1, index).reduce((sum, b) => sum + b.ms, 0) + killAfterMs;
  const boundS = Math.ceil((sinceArmMs * 1.5) / 1000) + 20;
  let current: VmSession | undefined;
  let refuse = false;
  // Read through a call: the kill sets `refuse` from a timer, which flow analysis cannot see.
  const networkDown = (): boolean => refuse;
  let killedAt = 0;
  let started = false;
  // Read through a call, like networkDown: the step's event sets it, which flow analysis cannot see.
  const reached = (): boolean => started;
  let cut: Promise<number> | undefined;
  const fail = (): void => {
    refuse = true;
    killedAt = Date.now();
    current?.kill();
    if (fault === 'power') cut = vm.powerCut();
  };
  const backupsBefore = await backupFolders(vm);
  const result = await applyProfile({
    profile,
    confirmTimeoutS: CONFIRM_S,
    switchBoundS: boundS,
    testHooks: { lockBeforeArmS: LOCK_BEFORE_ARM_S },
    connect: async () => {
      if (networkDown()) throw new Error('network unreachable (fault sweep)');
      const s = await vmSession(vm);
      if (networkDown()) {
        // The network went while this connection was being made: it never comes up.
        s.kill();
        await s.close();
        throw new Error('network unreachable (fault sweep)');
      }
      current = s;
      return s;
    },
    onEvent: (e) => {
      if (e.step !== step || e.status !== 'running') return;
      started = true;
      setTimeout(fail, killAfterMs);
    },
  });
  // An apply that ended before the step (refused, or failed earlier) gets its fault now, so the next
  // row starts from a router this one left alone; the row fails.
  if (!reached()) fail();
  // The kill may land after the step ended (a step faster than in the baseline): wait for it, so the
  // router is left alone from here on either way.
  while (killedAt === 0) await sleep(50);
  if (fault === 'power') {
    // Back from the cut (and from the boot guard's own reboot, when it restored); the lab's plumbing
    // (namespaces, veths) lives in memory and comes back with prepareRouter.
    await (cut ?? Promise.reject(new Error('the power cut never started')));
    await prepareRouter(vm, profile);
  }
  const message = result.message.split('\n')[0] ?? '';
  const problems: string[] = reached() ? [] : [`the apply ended before ${step} started`];
  // What the person reads must be the lost connection, not something it caused (a check "refused").
  if (!result.ok && !LOST.test(message))
    problems.push(`the message does not name the lost connection: ${message}`);
  let ended: SweepRow['ended'] = 'untouched';
  // An arm command still running on the router when the connection died shows up a moment later.
  await sleep(2000);
  const armedNow = (await revertTimers(vm)) !== '';
  const afterArm = index > armIndex;
  // No backup folder of this apply: it never got as far as the backup (the newest folder is an
  // earlier apply's, whose decision says nothing about this one).
  const backedUp = (await backupFolders(vm)) !== backupsBefore;
  if (backedUp && (afterArm || armedNow || fault === 'power')) {
    const limitMs = (CONFIRM_S + boundS + 90) * 1000;
    const seen = await waitForRevert(vm, fault === 'power' ? 5000 : limitMs);
    ended =
      seen.finished && (seen.by === 'reverted' || seen.by === 'reverted at boot')
        ? seen.by
        : seen.by === 'confirmed'
          ? 'confirmed'
          : fault === 'power' && !afterArm && seen.by === ''
            ? 'untouched'
            : 'unknown';
    if (ended === 'unknown') problems.push(`no revert within ${limitMs / 1000} s: ${JSON.stringify(seen)}`);
    // Only a kill during the confirmation itself may leave the new state: it may have reached the router.
    if (ended === 'confirmed' && step !== 'confirm')
      problems.push(`confirmed, with the connection killed in ${step}`);
  }
  // Success only when the kill came after the confirmation had done its work on the router; a lost
  // reply to a confirmation that did reach it must not be told as "restores the old settings".
  if (result.ok && ended !== 'confirmed')
    problems.push(`the apply reported success, and the router ${ended}`);
  if (!result.ok && ended === 'confirmed' && !UNSURE.test(result.message))
    problems.push(`the router kept the new settings, but the app says: ${result.message}`);
  const backAfterS = (Date.now() - killedAt) / 1000;
  const timers = await revertTimers(vm);
  if (timers !== '') problems.push(`a revert timer is left: ${timers}`);
  const guards = await bootGuards(vm);
  if (guards !== '') problems.push(`a boot guard is left: ${guards}`);
  // An app gone before arming leaves the router's lock to let go by itself; the next apply needs it.
  const locked = await lockHeldFor(vm, (LOCK_BEFORE_ARM_S + 15) * 1000);
  if (locked !== '') problems.push(`the router's apply lock is still held: ${locked}`);
  const expected = ended === 'confirmed' ? states.after : states.before;
  const now = await snapshot(vm, profile);
  if (now !== expected)
    problems.push(
      `the router is neither old nor new:\n--- expected (${ended})\n${expected}\n--- now\n${now}`,
    );
  const s = await vmSession(vm).catch(() => undefined);
  const answers = s !== undefined && (await s.exec(['true'])).code === 0;
  if (!answers) problems.push('sshd does not answer a new connection');
  // The next kill starts from the old state again.
  if (s !== undefined && ended === 'confirmed') {
    const back = await rollback(s);
    if (!back.ok) problems.push(`rollback after the confirmed apply failed: ${back.output}`);
  }
  await s?.close();
  return {
    step,
    fault,
    killAfterMs,
    message,
    ended,
    backAfterS,
    pass: problems.length === 0,
    saw: problems.length === 0 ? '' : `${problems.join('\n')}\n--- apply log\n${result.log}`,
  };
}

/** The backup folders on the router, one per line. */
async function backupFolders(vm: Vm): Promise<string> {
  return (await vm.exec(['bash', '-c', 'ls -d /var/backups/v6wizard/*/ 2>/dev/null'])).stdout;
}

/** Wait up to limitMs for no apply lock to be held; '' then, else the lock's owner line. */
async function lockHeldFor(vm: Vm, limitMs: number): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const r = await vm.exec([
      'bash',
      '-c',
      "systemctl list-units --plain --no-legend --state=active 'v6wizard-lock-*' | grep -q . && cat /var/backups/v6wizard/.apply.owner",
    ]);
    if (r.code !== 0) return '';
    if (Date.now() - t0 > limitMs) return r.stdout.trim();
    await sleep(1000);
  }
}
