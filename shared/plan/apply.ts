import type { ApplyStep, Plan } from './types';

/**
 * What an apply reports while it runs and when it ends. The engine (electron/apply) produces these;
 * they cross to the page unchanged, so they live here, free of Node.
 */

export type StepStatus = 'running' | 'ok' | 'failed' | 'skipped';

/** One progress event, for the UI's list and progress bar and the CLI's lines. */
export interface ApplyEvent {
  step: ApplyStep | 'rollback';
  status: StepStatus;
  /** Remote stdout/stderr of the step, or a message in words. */
  output: string;
  /** 0..1 over the whole apply. */
  progress: number;
}

/** One verification result, shown to the person. */
export interface VerifyResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** How an apply ended. */
export interface ApplyOutcome {
  ok: boolean;
  /** Whether the router ends with the new settings (false after any rollback or when nothing changed). */
  changed: boolean;
  plan: Plan;
  backupDir?: string;
  verify: VerifyResult[];
  /** What happened, in words; on failure what failed and the likely cause. */
  message: string;
  /** The whole log, secrets redacted, for the person to save. */
  log: string;
}
