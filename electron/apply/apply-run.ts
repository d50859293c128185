import { derive } from '../../shared/profile/derive';
import { APPLY_STEPS, type ApplyStep, type Plan } from '../../shared/plan/types';
import { render } from '../../shared/render';
import type { RenderedFile } from '../../shared/render/types';
import type { RemoteSession } from '../ssh/types';
import { ApplyLog, redact, type ApplyEvent, type StepStatus } from './events';
import { SWITCH_BOUND_S, type ApplyOptions } from './options';
import { counters, runScript } from './remote';
import type { VerifyResult } from './verify';

/** A step that failed (or was cancelled before it started), with the words the person reads. */
export class ApplyFailure extends Error {
  constructor(
    readonly step: ApplyStep,
    message: string,
    /** The person cancelled (the signal was aborted) before this step; nothing failed. */
    readonly cancelled = false,
  ) {
    super(message);
  }
}

/**
 * One apply: what every step reads (the options, the rendered files, the plan) and what the steps
 * learn on the way that the failure path needs (the open connection, the backup folder, the revert
 * unit and when it fires). The only place that emits progress, so every line the router prints
 * passes `hide` before it reaches an event, a message or the log.
 */
export class ApplyRun {
  readonly secrets: readonly string[];
  readonly log: ApplyLog;
  /** Seconds of the confirmation window, and of the bound on check, install and switch. */
  readonly timeout: number;
  readonly bound: number;
  readonly rendered: RenderedFile[];
  /** The router's LAN address with its prefix length, as the stages set it. */
  readonly lanAddress: string;
  /** The steps progress is counted against: all of them until the plan says which run. */
  steps: readonly ApplyStep[] = APPLY_STEPS;
  session: RemoteSession | undefined;
  plan: Plan | undefined;
  /** The files this apply writes, in install order (the changed ones). */
  files: RenderedFile[] = [];
  backupDir: string | undefined;
  stageDir: string | undefined;
  /** The revert timer's unit, named before the command that arms it runs. */
  unit = '';
  /** When the revert timer will have fired at the latest, in words, for the failure message. */
  revertBy = '';
  verify: VerifyResult[] = [];

  constructor(readonly o: ApplyOptions) {
    this.secrets = [...(o.secrets ?? []), ...(o.broker ? [o.broker.updateKey] : [])];
    this.log = new ApplyLog(this.secrets);
    this.timeout = o.confirmTimeoutS ?? 60;
    this.bound = o.switchBoundS ?? SWITCH_BOUND_S;
    this.rendered = render(o.profile);
    this.lanAddress = `${derive(o.profile).lanRouter}/64`;
  }

  /** Everything the router prints leaves the engine through this: live events, the message, the log. */
  hide(text: string): string {
    return redact(text, this.secrets);
  }

  emit(step: ApplyEvent['step'], status: StepStatus, raw = ''): void {
    const output = this.hide(raw);
    const i = step === 'rollback' ? this.steps.length : Math.max(0, this.steps.indexOf(step));
    const done = status === 'running' ? i : i + 1;
    const progress = Math.min(1, done / Math.max(1, this.steps.length));
    const e: ApplyEvent = { step, status, output, progress };
    this.log.add(e);
    this.o.onEvent?.(e);
  }

  open(): Promise<RemoteSession> {
    counters.connections++;
    return this.o.connect();
  }

  /** The connection the next command goes over. */
  live(step: ApplyStep): RemoteSession {
    if (this.session === undefined) throw new ApplyFailure(step, 'the ssh connection is closed');
    return this.session;
  }

  /** The plan, once preflight has made it. */
  planned(): Plan {
    if (this.plan === undefined) throw new ApplyFailure('preflight', 'no plan was made');
    return this.plan;
  }

  /** Run one step: cancelled between steps only, reported as running, then ok (by the body) or failed. */
  async step<T>(name: ApplyStep, body: () => Promise<T>): Promise<T> {
    if (this.o.signal?.aborted) {
      // Between steps only: a step that has started runs to its end, so nothing is left half done.
      this.emit(name, 'skipped', 'cancelled by the person');
      throw new ApplyFailure(name, 'cancelled', true);
    }
    await this.o.testHooks?.beforeStep?.(name);
    this.emit(name, 'running');
    try {
      return await body();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.emit(name, 'failed', message);
      throw e instanceof ApplyFailure ? e : new ApplyFailure(name, message);
    }
  }

  /** Run one of the router-side scripts as the step's command: its output on success, a failure otherwise. */
  async must(
    name: ApplyStep,
    script: string,
    args: string[],
    extra: { stdin?: string | Buffer; timeoutMs?: number } = {},
  ): Promise<string> {
    const r = await runScript(this.live(name), script, args, extra);
    const output = `${r.stdout}${r.stderr}`;
    if (r.code !== 0) throw new ApplyFailure(name, output.trim() || `exit ${r.code}`);
    this.emit(name, 'ok', output);
    return output;
  }
}
