import { prefillFromDetect } from '../../../shared/detect/prefill';
import type { RouterAuth } from '../../../shared/ipc/contract';
import { isHostName, isPort, isUserName } from '../../../shared/net/ssh-target';
import { t } from '../i18n/index.svelte';
import { api, type Api } from '../lib/api';
import { plain } from './commands';
import { downloadText } from './download';
import type { RouterLink } from './router.svelte';
import type { WizardState } from './state.svelte';

/**
 * What the Router, Review and Apply steps do with the router, through the one typed Api. Every
 * failure lands in `link.error` with the Node side's message (the SSH layer's sentences); nothing
 * here throws. `call` is injectable so the tests drive these with a scripted Node side.
 */
type Call = Api['call'];
const defaultCall: Call = (channel, request) => api.call(channel, request);

/** How long to wait between progress polls when the Node side answered at once with nothing new. */
const POLL_PAUSE_MS = 250;

/** The login form's own checks, field → message; empty when it may be sent. */
export function loginProblems(l: RouterLink): Record<string, string> {
  const p: Record<string, string> = {};
  if (!isHostName(l.host.trim())) p['host'] = t('connect.err.host');
  if (!isPort(l.port)) p['port'] = t('connect.err.port');
  if (!isUserName(l.user.trim())) p['user'] = t('connect.err.user');
  if (l.authKind === 'key' && l.identityFile.trim() === '') p['identityFile'] = t('connect.err.identityFile');
  if (l.authKind === 'password' && l.password === '') p['password'] = t('connect.err.password');
  return p;
}

function auth(l: RouterLink): RouterAuth {
  switch (l.authKind) {
    case 'agent':
      return { kind: 'agent' };
    case 'password':
      return { kind: 'password', password: l.password };
    case 'key':
      return l.passphrase !== ''
        ? { kind: 'key', identityFile: l.identityFile.trim(), passphrase: l.passphrase }
        : { kind: 'key', identityFile: l.identityFile.trim() };
  }
}

/**
 * Log in. The first time a host is seen its key fingerprint comes back for the person to compare
 * (phase `hostKey`); connecting again with `accept` stores exactly that key and logs in.
 */
export async function connectRouter(w: WizardState, accept = false, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  l.formErrors = loginProblems(l);
  if (Object.keys(l.formErrors).length > 0) return;
  const accepted = accept && l.phase === 'hostKey' ? l.fingerprint : undefined;
  if (l.routerId !== undefined) await disconnectRouter(w, call);
  l.phase = 'connecting';
  l.error = undefined;
  const r = await call('router:connect', {
    target: { host: l.host.trim(), port: l.port, user: l.user.trim() },
    auth: auth(l),
    ...(l.sudoPassword !== '' ? { sudoPassword: l.sudoPassword } : {}),
    ...(accepted !== undefined ? { acceptFingerprint: accepted } : {}),
  });
  if (!r.ok) {
    l.phase = 'idle';
    l.error = r.error;
    return;
  }
  l.label = r.value.label;
  l.fingerprint = r.value.fingerprint;
  if (r.value.status === 'hostKeyUnknown') {
    l.phase = 'hostKey';
    return;
  }
  l.resetRouterState();
  l.routerId = r.value.routerId;
  l.phase = 'connected';
  w.status = t('connect.status.connected', { host: l.label });
}

/** The person did not recognise the key: nothing is stored, nothing was sent but the handshake. */
export function rejectHostKey(w: WizardState): void {
  w.link.phase = 'idle';
  w.link.fingerprint = '';
}

export async function disconnectRouter(w: WizardState, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  if (l.routerId !== undefined) await call('router:disconnect', { routerId: l.routerId });
  l.routerId = undefined;
  l.phase = 'idle';
  l.resetRouterState();
}

/** Read the router and propose the profile changes it suggests; nothing is used until the person agrees. */
export async function detectRouter(w: WizardState, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  if (l.routerId === undefined) return;
  l.detecting = true;
  l.error = undefined;
  l.proposalAnswer = undefined;
  const r = await call('router:detect', { routerId: l.routerId, profile: plain(w) });
  l.detecting = false;
  if (!r.ok) {
    l.error = r.error;
    return;
  }
  l.detectSummary = r.value.summary;
  l.proposal = prefillFromDetect(plain(w), r.value.detect);
  if (l.proposal.changes.length === 0) l.proposalAnswer = 'used';
}

/** Take detect's values into the profile (the person said yes). */
export function useProposal(w: WizardState): void {
  const p = w.link.proposal;
  if (!p) return;
  w.profile.router = p.profile.router;
  w.profile.tunnel = p.profile.tunnel;
  w.link.proposalAnswer = 'used';
  w.status = t('detect.status.used', { n: p.changes.length });
}

export function keepProfile(w: WizardState): void {
  w.link.proposalAnswer = 'kept';
}

/** True when the plan shown was made for a different profile than the one in the wizard now. */
export function planIsStale(w: WizardState): boolean {
  return w.link.plan !== undefined && w.link.planFor !== JSON.stringify(plain(w));
}

/** The dry run: compare every file with the router. */
export async function planRouter(w: WizardState, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  if (l.routerId === undefined) return;
  const profile = plain(w);
  l.planning = true;
  l.error = undefined;
  const r = await call('router:plan', { routerId: l.routerId, profile });
  l.planning = false;
  if (!r.ok) {
    l.error = r.error;
    return;
  }
  l.plan = r.value;
  l.planFor = JSON.stringify(profile);
  if (r.value.packages.length === 0) l.installPackages = false;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Apply and follow the job until it ends: every event is appended as it arrives (the Node side holds
 * each poll open until there is news), then the outcome with the verification results.
 */
export async function applyRouter(
  w: WizardState,
  call: Call = defaultCall,
  pause = POLL_PAUSE_MS,
): Promise<void> {
  const l = w.link;
  if (l.routerId === undefined || l.applying) return;
  l.error = undefined;
  l.events = [];
  l.outcome = undefined;
  l.rollbackResult = undefined;
  l.cancelling = false;
  const plan = l.plan;
  if (plan === undefined) return;
  const started = await call('router:apply', {
    routerId: l.routerId,
    profile: plain(w),
    confirmTimeoutS: l.confirmTimeoutS,
    // The consent names what the person saw; the plan's hash makes the apply run only that plan.
    installPackages: l.installPackages ? plan.packages : [],
    reviewed: plan.reviewed,
    ...(l.pingOutside.trim() !== '' ? { pingOutside: l.pingOutside.trim() } : {}),
  });
  if (!started.ok) {
    l.error = started.error;
    return;
  }
  const jobId = started.value.jobId;
  l.jobId = jobId;
  let after = 0;
  for (;;) {
    const p = await call('router:progress', { jobId, after });
    if (!p.ok) {
      l.error = p.error;
      l.jobId = undefined;
      return;
    }
    l.events.push(...p.value.events);
    after = p.value.next;
    if (p.value.done) {
      l.outcome = p.value.done;
      l.cancelling = false;
      w.status = p.value.done.ok ? t('apply.announce.done') : t('apply.announce.failed');
      // A plan made before the apply no longer describes the router.
      l.plan = undefined;
      return;
    }
    if (p.value.events.length === 0) await sleep(pause);
  }
}

export async function cancelApply(w: WizardState, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  if (l.jobId === undefined || !l.applying) return;
  l.cancelling = true;
  const r = await call('router:cancel', { jobId: l.jobId });
  if (!r.ok) {
    l.cancelling = false;
    l.error = r.error;
  }
}

/** Restore the backup the last apply made (or the newest one on the router). */
export async function rollbackRouter(w: WizardState, call: Call = defaultCall): Promise<void> {
  const l = w.link;
  if (l.routerId === undefined) return;
  l.rollingBack = true;
  l.error = undefined;
  const backupDir = l.outcome?.backupDir;
  const r = await call('router:rollback', {
    routerId: l.routerId,
    ...(backupDir !== undefined && l.outcome?.changed === true ? { backupDir } : {}),
  });
  l.rollingBack = false;
  if (!r.ok) {
    l.error = r.error;
    return;
  }
  l.rollbackResult = r.value;
  l.plan = undefined;
  w.status = r.value.ok ? t('apply.rollback.done') : t('apply.rollback.failed');
}

/** The apply's log as a text file; the Node side already replaced every secret with [redacted]. */
export function saveApplyLog(w: WizardState): void {
  const o = w.link.outcome;
  if (!o) return;
  downloadText(
    `v6wizard-apply-${new Date().toISOString().replace(/[:.]/g, '-')}.log`,
    `${o.message}\n\n${o.log}`,
  );
}
