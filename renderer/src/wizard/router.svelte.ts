import type { IpcError, RouterAuth } from '../../../shared/ipc/contract';
import type { PrefillChange } from '../../../shared/detect/prefill';
import type { ApplyEvent, ApplyOutcome } from '../../../shared/plan/apply';
import type { Plan } from '../../../shared/plan/types';
import type { Profile } from '../../../shared/profile/types';

export type AuthKind = RouterAuth['kind'];

/** Where the connection to the router stands. `hostKey`: a first-seen key waits for the person's decision. */
export type LinkPhase = 'idle' | 'connecting' | 'hostKey' | 'connected';

/**
 * The wizard's connection to the router and everything read from it or done to it: the login form,
 * the host key decision, detect and its proposed changes, the plan, and the apply job with its events.
 * Kept on the WizardState so moving between steps loses none of it. Passwords live only here (in
 * memory) and on the Node side for this run; they are never put in the profile or saved.
 */
export class RouterLink {
  host = $state('');
  port = $state(22);
  user = $state('root');
  authKind: AuthKind = $state('agent');
  identityFile = $state('');
  passphrase = $state('');
  password = $state('');
  sudoPassword = $state('');

  phase: LinkPhase = $state('idle');
  /** The last failure of connect, detect, plan, apply or rollback, with the Node side's message. */
  error: IpcError | undefined = $state();
  /** Field → message for the login form's own checks (before anything is sent). */
  formErrors: Record<string, string> = $state({});
  /** The host as shown in messages, e.g. `[192.0.2.1]:2222`. */
  label = $state('');
  /** The fingerprint of the connected host's key, or the one waiting for acceptance. */
  fingerprint = $state('');
  routerId: string | undefined = $state();

  detecting = $state(false);
  detectSummary: string[] = $state([]);
  /** What detect would change in the profile, waiting for the person's yes or no. */
  proposal: { profile: Profile; changes: PrefillChange[] } | undefined = $state();
  /** Set once the person answered the proposal (used or kept), to say what happened. */
  proposalAnswer: 'used' | 'kept' | undefined = $state();

  planning = $state(false);
  plan: Plan | undefined = $state();
  /** The profile (as JSON) the plan was made for; a different profile makes the plan stale. */
  planFor = $state('');

  confirmTimeoutS = $state(60);
  installPackages = $state(false);
  /** An outside IPv6 address to ping after the switch ('' = no outside ping). */
  pingOutside = $state('');
  jobId: string | undefined = $state();
  events: ApplyEvent[] = $state([]);
  outcome: ApplyOutcome | undefined = $state();
  cancelling = $state(false);
  rollingBack = $state(false);
  rollbackResult: { ok: boolean; backupDir: string; output: string } | undefined = $state();

  get connected(): boolean {
    return this.phase === 'connected' && this.routerId !== undefined;
  }

  get applying(): boolean {
    return this.jobId !== undefined && this.outcome === undefined;
  }

  /** The progress bar's value, 0..1: the last event's. */
  get progress(): number {
    return this.events.at(-1)?.progress ?? 0;
  }

  /** Forget everything read from or done to the router (a new login, or a disconnect). */
  resetRouterState(): void {
    this.detectSummary = [];
    this.proposal = undefined;
    this.proposalAnswer = undefined;
    this.plan = undefined;
    this.planFor = '';
    this.jobId = undefined;
    this.events = [];
    this.outcome = undefined;
    this.rollbackResult = undefined;
    this.error = undefined;
  }
}
