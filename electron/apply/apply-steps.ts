import { hostname } from 'node:os';
import { installOrder } from '../../shared/export/order';
import { derive } from '../../shared/profile/derive';
import { BACKUP_NAME, BACKUPS_ROOT } from '../../shared/plan/backup-dir';
import { buildPlan } from '../../shared/plan/plan';
import { noteText, refusals } from '../../shared/plan/notes';
import { reviewDifferences } from '../../shared/plan/reviewed';
import type { ApplyStep, Plan } from '../../shared/plan/types';
import { STAGES, type RenderedFile, type Stage } from '../../shared/render/types';
import { tarGz } from '../export/tar';
import { ApplyFailure, type ApplyRun } from './apply-run';
import { brokerAccepted, brokerRequest } from './broker';
import { reconnectCause } from './lockout';
import { probe, runScript } from './remote';
import * as sh from './scripts';
import { checkArgs, requirementBinaries, sysctlKeys } from './step-args';
import { stageUnits } from '../../shared/export/stage-units';
import { likelyCause, parseVerify } from './verify';

/** Where the new files wait, uploaded, until the install step moves them into place. */
export const STAGING_ROOT = '/var/lib/v6wizard';
/** backup.sh's first line: where it saved, under BACKUPS_ROOT, named by the router's clock. */
const BACKUP_DIR_LINE = new RegExp(`^dir (${BACKUPS_ROOT}/${BACKUP_NAME})$`, 'm');
/** How long apt-get may take to install the packages the person agreed to. */
const PACKAGES_TIMEOUT_S = 900;
/**
 * The router's apply lock outlives the apply's own bounds by this much (backup, upload, checks), so it
 * only ever expires by itself when the app that took it is gone.
 */
const LOCK_MARGIN_S = 300;
/**
 * How long the router's apply lock waits for the arm step after the backup (two short commands later:
 * upload and arm). An app that disappears before arming has changed nothing, and must not keep the
 * router locked for the whole apply's bound.
 */
export const LOCK_BEFORE_ARM_S = 120;

/** The backup folder, once the backup step has made it. */
function backedUp(run: ApplyRun, step: ApplyStep): string {
  if (run.backupDir === undefined) throw new ApplyFailure(step, 'no backup was made');
  return run.backupDir;
}

/** The folder the files are uploaded to, named after the backup (so one apply's files stay together). */
function stagingDir(run: ApplyRun, step: ApplyStep): string {
  return `${STAGING_ROOT}/stage-${backedUp(run, step).slice(BACKUPS_ROOT.length + 1)}`;
}

/**
 * What switch-stage.sh needs to know of the router (NETSYS WAN TUNNEL LAN LANADDR): the switch step's
 * arguments, and the backup's, whose restore switches the same way back.
 */
function switchArgs(run: ApplyRun): string[] {
  const net = run.o.profile.router;
  return [
    net.networkSystem,
    net.wanInterface,
    run.o.profile.tunnel.interface,
    net.lanInterface,
    run.lanAddress,
  ];
}

/** Read the router, plan, and refuse before any change when the plan is not the reviewed one or refused. */
export async function preflight(run: ApplyRun): Promise<Plan> {
  const { profile } = run.o;
  const p = buildPlan(
    profile,
    run.rendered,
    await probe(
      run.live('preflight'),
      run.rendered.map((f) => f.path),
      requirementBinaries(profile, run.rendered),
      profile.router.networkSystem,
    ),
  );
  // What runs is what the person reviewed: a router that moved since then gets a new review first.
  if (run.o.reviewed !== undefined && run.o.reviewed.reviewed !== p.reviewed)
    throw new ApplyFailure(
      'preflight',
      `the router changed since the plan was reviewed, so nothing was applied; compare again and review the new plan:\n${reviewDifferences(run.o.reviewed, p).join('\n')}`,
    );
  // A refusal (e.g. a LAN the boot would not raise) stops here, before anything changes; also when
  // the files are already in place, since then the router is in exactly the state refused.
  const refused = refusals(p.notes);
  if (refused.length > 0) throw new ApplyFailure('preflight', refused.map((n) => noteText(n)).join('\n'));
  const sudo = run.live('preflight').sudoNotice?.();
  run.emit(
    'preflight',
    'ok',
    [p.summary, ...p.notes.map((n) => noteText(n)), ...(sudo ? [sudo] : [])].join('\n'),
  );
  return p;
}

/** The plan decides the rest: the steps progress counts, and the changed files in install order. */
export function adoptPlan(run: ApplyRun, plan: Plan): void {
  run.plan = plan;
  run.steps = plan.steps;
  const changed = new Set(plan.files.filter((f) => f.status !== 'unchanged').map((f) => f.path));
  run.files = (run.o.testHooks?.files ?? ((f: RenderedFile[]) => f))(
    installOrder(run.rendered).filter((f) => changed.has(f.path)),
  );
}

/** Take the router's apply lock and save what the apply may change, restore.sh included. */
async function backup(run: ApplyRun): Promise<void> {
  const plan = run.planned();
  const net = run.o.profile.router;
  const units = [
    ...new Set([
      ...plan.services,
      ...plan.stages.flatMap((s) =>
        stageUnits(run.o.profile, s, run.files, run.rendered).filter((_, i) => i % 2 === 1),
      ),
    ]),
  ];
  const made = await run.must(
    'backup',
    sh.BACKUP,
    [
      BACKUPS_ROOT,
      Math.random().toString(36).slice(2, 8),
      // Who holds the router's apply lock, for a second apply's refusal, and for how long at most.
      hostname(),
      String(PACKAGES_TIMEOUT_S + LOCK_MARGIN_S + run.bound + run.timeout),
      String(run.o.testHooks?.lockBeforeArmS ?? LOCK_BEFORE_ARM_S),
      net.firewallBackend,
      ...switchArgs(run),
      '--',
      ...run.files.map((f) => f.path),
      '--',
      ...units,
      '--',
      ...sysctlKeys(run.files),
    ],
    { stdin: sh.RESTORE },
  );
  // The folder's name comes from the router's clock (backup.sh's first line); the rest is named after it.
  const dir = BACKUP_DIR_LINE.exec(made)?.[1];
  if (dir === undefined) throw new ApplyFailure('backup', `backup.sh did not say where it saved:\n${made}`);
  run.backupDir = dir;
}

async function upload(run: ApplyRun): Promise<void> {
  const tar = tarGz(
    run.files.map((f) => ({
      path: f.path.slice(1),
      mode: f.mode,
      type: 'file' as const,
      content: Buffer.from(f.content, 'utf8'),
    })),
    Math.floor(Date.now() / 1000),
  );
  run.stageDir = stagingDir(run, 'upload');
  await run.must('upload', sh.UPLOAD, [run.stageDir], { stdin: tar });
}

async function packages(run: ApplyRun): Promise<void> {
  const wanted = run.planned().packages;
  await run.must('packages', sh.PACKAGES, [backedUp(run, 'packages'), ...wanted], {
    timeoutMs: PACKAGES_TIMEOUT_S * 1000,
  });
}

/**
 * The person's consent to the packages, asked before anything is changed: without it the apply stops
 * with the router untouched.
 */
export async function consentToPackages(run: ApplyRun): Promise<void> {
  const wanted = run.planned().packages;
  if (wanted.length === 0) return;
  if ((await run.o.consentToPackages?.(wanted)) === true) return;
  run.emit('packages', 'failed', 'no consent');
  throw new ApplyFailure(
    'packages',
    `these packages are needed and were not installed (no consent): ${wanted.join(' ')}`,
  );
}

/**
 * Armed before the packages and the check step, which already places /usr/local/sbin scripts: from
 * the first change on, the router undoes the apply by itself if this app disappears. The unit is named before the
 * command runs, so a clean-up after a connection lost while arming still stops the timer.
 */
async function arm(run: ApplyRun): Promise<void> {
  const dir = backedUp(run, 'arm');
  run.unit = `v6wizard-revert-${dir.slice(BACKUPS_ROOT.length + 1)}`;
  // Packages may take their own time before the switch: the timer waits for that too.
  const seconds = run.timeout + run.bound + (run.planned().packages.length > 0 ? PACKAGES_TIMEOUT_S : 0);
  run.revertBy = `within ${seconds} s of arming it (the switch did not finish)`;
  await run.must('arm', sh.ARM, [String(seconds), run.unit, dir]);
}

async function check(run: ApplyRun): Promise<void> {
  const args = [backedUp(run, 'check'), stagingDir(run, 'check'), ...checkArgs(run.files)];
  await run.must('check', sh.CHECK, args).catch((e: unknown) => {
    // Only a check that ran and said no is a daemon's refusal; a lost connection is said as such
    // (found by the fault sweep, which read "a daemon refused" for a connection killed here).
    if (!(e instanceof ApplyFailure)) throw e;
    throw new ApplyFailure(
      'check',
      `a daemon refused its new configuration, so nothing was switched:\n${e.message}`,
    );
  });
}

async function broker(run: ApplyRun): Promise<void> {
  const update = run.o.profile.tunnel.update;
  if (update === undefined) return;
  if (!run.o.broker) {
    run.emit(
      'broker',
      'skipped',
      'no update key was given; update the endpoint at the broker if your IPv4 changed',
    );
    return;
  }
  const res = await run.o.broker.updater(brokerRequest(update, run.o.broker.updateKey, run.o.broker.base));
  if (res.status !== 200 || !brokerAccepted(res.body))
    throw new ApplyFailure(
      'broker',
      `the broker refused the endpoint update (HTTP ${res.status}): ${res.body.trim()}`,
    );
  run.emit('broker', 'ok', res.body.trim());
}

async function install(run: ApplyRun): Promise<void> {
  const noStages = run.planned().stages.length === 0;
  const reload = run.files.some((f) => f.path.startsWith('/etc/systemd/system/')) ? '1' : '0';
  await run.must('install', sh.INSTALL, [
    backedUp(run, 'install'),
    stagingDir(run, 'install'),
    reload,
    run.unit,
    // Nothing to switch: the confirmation window starts now.
    noStages ? String(run.timeout) : '',
    ...run.files.flatMap((f) => [f.path, `0${f.mode.toString(8)}`, f.owner]),
  ]);
  if (noStages) run.revertBy = `within ${run.timeout} s of the switch`;
}

async function switchStage(run: ApplyRun, stage: Stage): Promise<void> {
  const last = run.planned().stages.at(-1) === stage;
  await run.must(
    stage,
    sh.SWITCH,
    [
      backedUp(run, stage),
      run.unit,
      // The last stage starts the confirmation window on the router once it has switched.
      last ? String(run.timeout) : '',
      stage,
      ...switchArgs(run),
      '--',
      ...run.files.filter((f) => f.stage === stage).map((f) => f.path),
      '--',
      ...stageUnits(run.o.profile, stage, run.files, run.rendered),
    ],
    { timeoutMs: 180_000 },
  );
  if (last) run.revertBy = `within ${run.timeout} s of the switch`;
}

/**
 * The confirmation must travel over a connection made after the switch: only that proves the person
 * can still get in with the new network and firewall.
 */
async function reconnect(run: ApplyRun): Promise<void> {
  await run.session?.close().catch(() => undefined);
  run.session = undefined;
  const s = await run.open().catch((e: unknown) => {
    throw new ApplyFailure(
      'reconnect',
      `could not connect again after the switch (${e instanceof Error ? e.message : String(e)}).\n` +
        `likely cause: ${reconnectCause(run.o.profile, run.planned().stages)}.\n` +
        `the router restores the old settings by itself within ${run.timeout} s of the switch`,
    );
  });
  run.session = s;
  run.emit('reconnect', 'ok', `new connection, host key ${s.hostKeyFingerprint}`);
}

async function verify(run: ApplyRun): Promise<void> {
  const { profile } = run.o;
  const net = profile.router;
  const r = await runScript(
    run.live('verify'),
    sh.VERIFY,
    [
      profile.tunnel.interface,
      profile.tunnel.serverIpv6,
      net.lanInterface,
      run.planned().stages.includes('ra') || run.rendered.some((f) => f.stage === 'ra') ? '1' : '0',
      profile.dhcpv6.mode === 'none' ? '0' : '1',
      run.rendered.some((f) => f.stage === 'firewall') ? '1' : '0',
      net.firewallBackend,
      run.o.pingOutside ?? '',
      derive(profile).lanRouter,
      net.networkSystem,
    ],
    { timeoutMs: 60_000 },
  );
  run.verify = parseVerify(r.stdout, run.rendered);
  const text = run.verify.map((v) => `${v.ok ? 'ok  ' : 'FAIL'}  ${v.name}: ${v.detail}`).join('\n');
  if (run.verify.length === 0 || run.verify.some((v) => !v.ok))
    throw new ApplyFailure(
      'verify',
      `${text}\nlikely cause: ${likelyCause(run.verify, profile) || r.stderr.trim()}`,
    );
  run.emit('verify', 'ok', text);
}

async function confirm(run: ApplyRun): Promise<void> {
  await run.must('confirm', sh.CONFIRM, [backedUp(run, 'confirm'), run.unit, stagingDir(run, 'confirm')]);
}

type StepBody = (run: ApplyRun) => Promise<void>;

/** What each step after preflight does, by name: the engine runs the plan's steps through this. */
export const STEP_BODIES: Record<Exclude<ApplyStep, 'preflight'>, StepBody> = {
  backup,
  upload,
  packages,
  arm,
  check,
  broker,
  install,
  ...(Object.fromEntries(STAGES.map((s) => [s, (run: ApplyRun) => switchStage(run, s)])) as Record<
    Stage,
    StepBody
  >),
  reconnect,
  verify,
  confirm,
};
