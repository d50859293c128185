import { hostname } from 'node:os';
import { installOrder } from '../../shared/export/order';
import { tunnelUnit, unitName } from '../../shared/export/install-script';
import { requirements } from '../../shared/export/requirements';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { buildPlan } from '../../shared/plan/plan';
import type { ApplyOutcome } from '../../shared/plan/apply';
import { noteText, refusals } from '../../shared/plan/notes';
import { reviewDifferences } from '../../shared/plan/reviewed';
import { APPLY_STEPS, type ApplyStep, type Plan } from '../../shared/plan/types';
import { BACKUP_NAME, BACKUPS_ROOT } from '../../shared/plan/backup-dir';
import { render } from '../../shared/render';
import { FORWARDING_SYSCTL } from '../../shared/render/forwarding';
import type { RenderedFile, Stage } from '../../shared/render/types';
import type { RemoteSession } from '../ssh/types';
import { tarGz } from '../export/tar';
import { brokerAccepted, brokerRequest, type BrokerUpdater } from './broker';
import { ApplyLog, redact, type ApplyEvent, type StepStatus } from './events';
import { reconnectCause } from './lockout';
import { counters, probe, runScript } from './remote';
import * as sh from './scripts';
import { likelyCause, parseVerify, type VerifyResult } from './verify';

export { BACKUPS_ROOT };
const STAGING_ROOT = '/var/lib/v6wizard';
/** backup.sh's first line: where it saved, under BACKUPS_ROOT, named by the router's clock. */
const BACKUP_DIR_LINE = new RegExp(`^dir (${BACKUPS_ROOT}/${BACKUP_NAME})$`, 'm');
/**
 * How long the router gives the check, install and switch steps before its timer reverts anyway, on
 * top of the confirmation time. The timer is armed before the first change but the confirmation
 * window only starts when the last stage has switched (router-side), so a slow switch (qemu without
 * KVM takes a minute or more; a daemon's restart may wait for its own timeout) is never cut in half,
 * while one that hangs, or an app that disappears half way, still ends in a revert.
 */
export const SWITCH_BOUND_S = 300;
/** How long apt-get may take to install the packages the person agreed to. */
const PACKAGES_TIMEOUT_S = 900;
/**
 * The router's apply lock outlives the apply's own bounds by this much (backup, upload, checks), so it
 * only ever expires by itself when the app that took it is gone.
 */
const LOCK_MARGIN_S = 300;

/** Ways a test drives the engine into faults; never set by the app or the CLI. */
export interface TestHooks {
  /** Called before each step starts (a test kills the connection here, or throws). */
  beforeStep?: (step: ApplyStep) => Promise<void>;
  /** Rewrites the files after planning, before upload (a test makes one invalid). */
  files?: (files: RenderedFile[]) => RenderedFile[];
}

export interface ApplyOptions {
  profile: Profile;
  /** Opens a new authenticated connection; called once at the start and once to confirm. */
  connect: () => Promise<RemoteSession>;
  /** Seconds until the router reverts by itself unless confirmed, counted from the end of the switch (default 60). */
  confirmTimeoutS?: number;
  /** Seconds the router allows for check, install and switch before it reverts regardless (default SWITCH_BOUND_S). */
  switchBoundS?: number;
  /** Asked before installing packages; without it (or on false) the apply stops before any change. */
  consentToPackages?: (packages: readonly string[]) => Promise<boolean>;
  /**
   * The plan the person reviewed: the apply plans again and refuses, saying what changed, unless its
   * plan has the same hash (the same files to write, read from the same router state).
   */
  reviewed?: Plan;
  /**
   * An outside IPv6 address (global unicast, canonical) to ping from the router's LAN address after
   * the switch: proves the broker routes the routed prefix back, not only that the tunnel is up.
   * A failed ping fails the verification like any other check (and so rolls back).
   */
  pingOutside?: string;
  /** The broker endpoint update, when the profile has credentials and the key was found. */
  broker?: { updateKey: string; updater: BrokerUpdater; base?: string };
  onEvent?: (e: ApplyEvent) => void;
  signal?: AbortSignal;
  /** Further secrets to keep out of the log (a sudo password). */
  secrets?: readonly string[];
  testHooks?: TestHooks;
}

/** How an apply ended (the same shape crosses to the page: shared/plan/apply.ts). */
export type ApplyResult = ApplyOutcome;

class ApplyFailure extends Error {
  constructor(
    readonly step: ApplyStep,
    message: string,
    /** The person cancelled (the signal was aborted) before this step; nothing failed. */
    readonly cancelled = false,
  ) {
    super(message);
  }
}

const SYSCTL_LINE = /^\s*([a-z0-9_.\-/]+)\s*=/;

/**
 * The sysctl keys the apply may change, so the backup can record their current values: those the
 * rendered sysctl files set, and forwarding, which the forwarding unit switches.
 */
function sysctlKeys(files: readonly RenderedFile[]): string[] {
  return [
    ...files
      .filter((f) => f.stage === 'sysctl')
      .flatMap((f) => f.content.split('\n').flatMap((l) => SYSCTL_LINE.exec(l)?.[1] ?? [])),
    FORWARDING_SYSCTL,
  ];
}

/** The units a stage (re)starts, as install.sh's restart_services does: `unit` or `dropin` pairs. */
function stageUnits(profile: Profile, stage: Stage, changed: readonly RenderedFile[]): string[] {
  if (stage === 'network') {
    // Only iproute2's tunnel unit, when a network file changed: the network system's own commands
    // switch the rest (templates/stages/switch-stage.sh). The same unit install.sh names.
    const network = changed.filter((f) => f.stage === 'network');
    return profile.router.networkSystem === 'iproute2' && network.length > 0
      ? ['unit', tunnelUnit(network)]
      : [];
  }
  const out: string[] = [];
  for (const f of changed) {
    if (f.stage !== stage || f.service === undefined) continue;
    const unit = unitName(f.service);
    if (out.includes(unit)) continue;
    // A drop-in for someone else's service must not enable that service.
    out.push(/^\/etc\/systemd\/system\/[^/]+\.d\//.test(f.path) ? 'dropin' : 'unit', unit);
  }
  return out;
}

/**
 * check.sh's arguments after BACKUP_DIR STAGE_DIR, per file: PATH MODE OWNER EARLY, the folders a
 * `{root}` check copies (count first), and the check's argv (count first).
 */
export function checkArgs(files: readonly RenderedFile[]): string[] {
  return files.flatMap((f) => {
    const early = /^\/usr\/local\/s?bin\//.test(f.path) ? '1' : '0';
    const argv = f.validate ?? [];
    const dirs = f.checkRoot ?? [];
    return [
      f.path,
      `0${f.mode.toString(8)}`,
      f.owner,
      early,
      String(dirs.length),
      ...dirs,
      String(argv.length),
      ...argv,
    ];
  });
}

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

/** The programs the plan checks for (install.sh's REQUIRED list). */
function requirementBinaries(profile: Profile, files: readonly RenderedFile[]): string[] {
  return requirements(profile, files).map((r) => r.binary);
}

/**
 * Apply a profile to a router over SSH, in the order backup → upload → packages → arm the revert
 * timer and boot guard → checks → (broker) → atomic install → the stages in their fail-closed order
 * (sysctl → firewall → network → DAD → radvd → DHCPv6 → forwarding) → reconnect over a new connection
 * → verify → confirm. Any failure or a cancel rolls back whatever was
 * done; if the router cannot be reached to roll back, its own timer does it: confirmTimeoutS after
 * the switch finished, or confirmTimeoutS + switchBoundS after arming when the switch never finished.
 * A revert never interleaves with a step that changes the router (guard.sh's lock).
 */
export async function applyProfile(o: ApplyOptions): Promise<ApplyResult> {
  const secrets = [...(o.secrets ?? []), ...(o.broker ? [o.broker.updateKey] : [])];
  const log = new ApplyLog(secrets);
  /** Everything the router prints leaves the engine through this: live events, the message, the log. */
  const hide = (text: string): string => redact(text, secrets);
  const timeout = o.confirmTimeoutS ?? 60;
  const bound = o.switchBoundS ?? SWITCH_BOUND_S;
  const rendered = render(o.profile);
  const d = derive(o.profile);
  const net = o.profile.router;
  const lanAddress = `${d.lanRouter}/64`;
  let steps: readonly ApplyStep[] = APPLY_STEPS;
  const emit = (step: ApplyEvent['step'], status: StepStatus, raw = ''): void => {
    const output = hide(raw);
    const i = step === 'rollback' ? steps.length : Math.max(0, steps.indexOf(step));
    const done = status === 'running' ? i : i + 1;
    const e: ApplyEvent = { step, status, output, progress: Math.min(1, done / Math.max(1, steps.length)) };
    log.add(e);
    o.onEvent?.(e);
  };
  let session: RemoteSession | undefined;
  const open = async (): Promise<RemoteSession> => {
    counters.connections++;
    return o.connect();
  };
  let plan: Plan | undefined;
  let backupDir: string | undefined;
  let stageDir: string | undefined;
  let unit = '';
  /** When the revert timer will have fired at the latest, in words, for the failure message. */
  let revertBy = '';
  let verify: VerifyResult[] = [];
  const step = async <T>(name: ApplyStep, body: () => Promise<T>): Promise<T> => {
    if (o.signal?.aborted) {
      // Between steps only: a step that has started runs to its end, so nothing is left half done.
      emit(name, 'skipped', 'cancelled by the person');
      throw new ApplyFailure(name, 'cancelled', true);
    }
    await o.testHooks?.beforeStep?.(name);
    emit(name, 'running');
    try {
      return await body();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      emit(name, 'failed', message);
      throw e instanceof ApplyFailure ? e : new ApplyFailure(name, message);
    }
  };
  const must = async (
    name: ApplyStep,
    s: RemoteSession,
    script: string,
    args: string[],
    extra: { stdin?: string | Buffer; timeoutMs?: number } = {},
  ): Promise<string> => {
    const r = await runScript(s, script, args, extra);
    const output = `${r.stdout}${r.stderr}`;
    if (r.code !== 0) throw new ApplyFailure(name, output.trim() || `exit ${r.code}`);
    emit(name, 'ok', output);
    return output;
  };
  try {
    session = await open();
    const s1 = session;
    plan = await step('preflight', async () => {
      const p = buildPlan(
        o.profile,
        rendered,
        await probe(
          s1,
          rendered.map((f) => f.path),
          requirementBinaries(o.profile, rendered),
          o.profile.router.networkSystem,
        ),
      );
      // What runs is what the person reviewed: a router that moved since then gets a new review first.
      if (o.reviewed !== undefined && o.reviewed.reviewed !== p.reviewed)
        throw new ApplyFailure(
          'preflight',
          `the router changed since the plan was reviewed, so nothing was applied; compare again and review the new plan:\n${reviewDifferences(o.reviewed, p).join('\n')}`,
        );
      // A refusal (e.g. a LAN the boot would not raise) stops here, before anything changes; also when
      // the files are already in place, since then the router is in exactly the state refused.
      const refused = refusals(p.notes);
      if (refused.length > 0) throw new ApplyFailure('preflight', refused.map((n) => noteText(n)).join('\n'));
      const sudo = s1.sudoNotice?.();
      emit(
        'preflight',
        'ok',
        [p.summary, ...p.notes.map((n) => noteText(n)), ...(sudo ? [sudo] : [])].join('\n'),
      );
      return p;
    });
    const thePlan = plan;
    if (!thePlan.changes) {
      for (const s of APPLY_STEPS.slice(1)) emit(s, 'skipped');
      return { ok: true, changed: false, plan: thePlan, verify, message: 'no changes', log: log.text() };
    }
    steps = thePlan.steps;
    const changedPaths = new Set(thePlan.files.filter((f) => f.status !== 'unchanged').map((f) => f.path));
    const files = (o.testHooks?.files ?? ((f: RenderedFile[]) => f))(
      installOrder(rendered).filter((f) => changedPaths.has(f.path)),
    );
    const units = [
      ...new Set([
        ...thePlan.services,
        ...thePlan.stages.flatMap((s) => stageUnits(o.profile, s, files).filter((_, i) => i % 2 === 1)),
      ]),
    ];
    const made = await step('backup', () =>
      must(
        'backup',
        s1,
        sh.BACKUP,
        [
          BACKUPS_ROOT,
          Math.random().toString(36).slice(2, 8),
          // Who holds the router's apply lock, for a second apply's refusal, and for how long at most.
          hostname(),
          String(PACKAGES_TIMEOUT_S + LOCK_MARGIN_S + bound + timeout),
          net.firewallBackend,
          net.networkSystem,
          net.wanInterface,
          o.profile.tunnel.interface,
          net.lanInterface,
          lanAddress,
          '--',
          ...files.map((f) => f.path),
          '--',
          ...units,
          '--',
          ...sysctlKeys(files),
        ],
        { stdin: sh.RESTORE },
      ),
    );
    // The folder's name comes from the router's clock (backup.sh's first line); the rest is named after it.
    const bdir = BACKUP_DIR_LINE.exec(made)?.[1];
    if (bdir === undefined)
      throw new ApplyFailure('backup', `backup.sh did not say where it saved:\n${made}`);
    backupDir = bdir;
    const id = bdir.slice(BACKUPS_ROOT.length + 1);
    const sdir = `${STAGING_ROOT}/stage-${id}`;
    await step('upload', () => {
      const tar = tarGz(
        files.map((f) => ({
          path: f.path.slice(1),
          mode: f.mode,
          type: 'file' as const,
          content: Buffer.from(f.content, 'utf8'),
        })),
        Math.floor(Date.now() / 1000),
      );
      stageDir = sdir;
      return must('upload', s1, sh.UPLOAD, [sdir], { stdin: tar });
    });
    if (thePlan.packages.length > 0) {
      await step('packages', async () => {
        const yes = (await o.consentToPackages?.(thePlan.packages)) ?? false;
        if (!yes)
          throw new ApplyFailure(
            'packages',
            `these packages are needed and were not installed (no consent): ${thePlan.packages.join(' ')}`,
          );
        counters.commands++;
        const r = await s1.exec(
          [
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '--no-install-recommends',
            '--',
            ...thePlan.packages,
          ],
          { sudo: true, timeoutMs: PACKAGES_TIMEOUT_S * 1000 },
        );
        if (r.code !== 0)
          throw new ApplyFailure(
            'packages',
            `apt-get install failed (exit ${r.code}):\n${r.stdout}${r.stderr}`,
          );
        emit('packages', 'ok', r.stdout.split('\n').slice(-5).join('\n'));
      });
    }
    // Armed before the check step, which already places /usr/local/sbin scripts: from the first change
    // on, the router undoes the apply by itself if this app disappears. The unit is named before the
    // command runs, so a clean-up after a connection lost while arming still stops the timer.
    unit = `v6wizard-revert-${id}`;
    revertBy = `within ${timeout + bound} s of arming it (the switch did not finish)`;
    await step('arm', () => must('arm', s1, sh.ARM, [String(timeout + bound), unit, bdir]));
    await step('check', () =>
      must('check', s1, sh.CHECK, [bdir, sdir, ...checkArgs(files)]).catch((e: unknown) => {
        // Only a check that ran and said no is a daemon's refusal; a lost connection is said as such
        // (found by the fault sweep, which read "a daemon refused" for a connection killed here).
        if (!(e instanceof ApplyFailure)) throw e;
        throw new ApplyFailure(
          'check',
          `a daemon refused its new configuration, so nothing was switched:\n${e.message}`,
        );
      }),
    );
    const update = o.profile.tunnel.update;
    if (update !== undefined) {
      await step('broker', async () => {
        if (!o.broker) {
          emit(
            'broker',
            'skipped',
            'no update key was given; update the endpoint at the broker if your IPv4 changed',
          );
          return;
        }
        const res = await o.broker.updater(brokerRequest(update, o.broker.updateKey, o.broker.base));
        if (res.status !== 200 || !brokerAccepted(res.body))
          throw new ApplyFailure(
            'broker',
            `the broker refused the endpoint update (HTTP ${res.status}): ${res.body.trim()}`,
          );
        emit('broker', 'ok', res.body.trim());
      });
    }
    const reload = files.some((f) => f.path.startsWith('/etc/systemd/system/')) ? '1' : '0';
    await step('install', () =>
      must('install', s1, sh.INSTALL, [
        bdir,
        sdir,
        reload,
        unit,
        thePlan.stages.length === 0 ? String(timeout) : '',
        ...files.flatMap((f) => [f.path, `0${f.mode.toString(8)}`, f.owner]),
      ]),
    );
    if (thePlan.stages.length === 0) revertBy = `within ${timeout} s of the switch`;
    for (const [i, stage] of thePlan.stages.entries()) {
      const last = i === thePlan.stages.length - 1;
      await step(stage, async () => {
        const out = await must(
          stage,
          s1,
          sh.SWITCH,
          [
            bdir,
            unit,
            // The last stage starts the confirmation window on the router once it has switched.
            last ? String(timeout) : '',
            stage,
            net.networkSystem,
            net.wanInterface,
            o.profile.tunnel.interface,
            net.lanInterface,
            lanAddress,
            '--',
            ...files.filter((f) => f.stage === stage).map((f) => f.path),
            '--',
            ...stageUnits(o.profile, stage, files),
          ],
          { timeoutMs: 180_000 },
        );
        if (last) revertBy = `within ${timeout} s of the switch`;
        return out;
      });
    }
    // The confirmation must travel over a connection made after the switch: only that proves the
    // person can still get in with the new network and firewall.
    const s2 = await step('reconnect', async () => {
      await s1.close().catch(() => undefined);
      session = undefined;
      const s = await open().catch((e: unknown) => {
        throw new ApplyFailure(
          'reconnect',
          `could not connect again after the switch (${e instanceof Error ? e.message : String(e)}).\n` +
            `likely cause: ${reconnectCause(o.profile, thePlan.stages)}.\n` +
            `the router restores the old settings by itself within ${timeout} s of the switch`,
        );
      });
      session = s;
      emit('reconnect', 'ok', `new connection, host key ${s.hostKeyFingerprint}`);
      return s;
    });
    await step('verify', async () => {
      const r = await runScript(
        s2,
        sh.VERIFY,
        [
          o.profile.tunnel.interface,
          o.profile.tunnel.serverIpv6,
          net.lanInterface,
          thePlan.stages.includes('ra') || rendered.some((f) => f.stage === 'ra') ? '1' : '0',
          o.profile.dhcpv6.mode === 'none' ? '0' : '1',
          rendered.some((f) => f.stage === 'firewall') ? '1' : '0',
          net.firewallBackend,
          o.pingOutside ?? '',
          d.lanRouter,
          net.networkSystem,
        ],
        { timeoutMs: 60_000 },
      );
      verify = parseVerify(r.stdout, rendered);
      const text = verify.map((v) => `${v.ok ? 'ok  ' : 'FAIL'}  ${v.name}: ${v.detail}`).join('\n');
      if (verify.length === 0 || verify.some((v) => !v.ok))
        throw new ApplyFailure(
          'verify',
          `${text}\nlikely cause: ${likelyCause(verify, o.profile) || r.stderr.trim()}`,
        );
      emit('verify', 'ok', text);
    });
    await step('confirm', () => must('confirm', s2, sh.CONFIRM, [bdir, unit, sdir]));
    return {
      ok: true,
      changed: true,
      plan: thePlan,
      backupDir: bdir,
      verify,
      message: `applied: ${thePlan.summary}; backup in ${bdir}`,
      log: log.text(),
    };
  } catch (e) {
    const failure =
      e instanceof ApplyFailure
        ? e
        : new ApplyFailure('preflight', e instanceof Error ? e.message : String(e));
    const undo =
      backupDir !== undefined
        ? await rollbackAfterFailure(session, open, {
            backupDir,
            unit,
            revertBy,
            stageDir: stageDir ?? '',
            confirming: failure.step === 'confirm',
            emit,
          })
        : { text: 'nothing on the router was changed', kept: false };
    // A cancel is the person's decision, not a failure: say so, then what became of the router.
    const message = failure.cancelled
      ? `cancelled by the person; ${undo.text}`
      : `${failure.step} failed: ${failure.message}\n${undo.text}`;
    return {
      ok: false,
      changed: undo.kept,
      plan: plan ?? buildPlan(o.profile, rendered, { files: [], programs: [] }),
      ...(backupDir !== undefined ? { backupDir } : {}),
      verify,
      message: hide(message),
      log: log.text(),
    };
  } finally {
    await session?.close().catch(() => undefined);
  }
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
