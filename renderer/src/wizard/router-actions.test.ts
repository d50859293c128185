import { describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../shared/detect/types';
import type { Channel, RequestOf, ResponseOf, Result } from '../../../shared/ipc/contract';
import type { Plan } from '../../../shared/plan/types';
import type { Api } from '../lib/api';
import {
  applyRouter,
  cancelApply,
  connectRouter,
  detectRouter,
  planIsStale,
  planRouter,
  rollbackRouter,
  useProposal,
} from './router-actions';
import { WizardState } from './state.svelte';

/**
 * The page's side of the router channels, with a SCRIPTED Node side (each test says what it answers):
 * the real Node side is tested in electron/handlers and tests/ssh, and the whole path in the
 * end-to-end test against the router VM.
 */
type Answer = (request: unknown) => Result<unknown>;

function scripted(answers: Partial<Record<Channel, Answer | Answer[]>>) {
  const calls: { channel: Channel; request: unknown }[] = [];
  const call: Api['call'] = <C extends Channel>(channel: C, request: RequestOf<C>) => {
    calls.push({ channel, request });
    const a = answers[channel];
    const next: Answer | undefined = Array.isArray(a) ? a.shift() : a;
    if (!next) throw new Error(`unexpected call ${channel}`);
    return Promise.resolve(next(request) as Result<ResponseOf<C>>);
  };
  return { call, calls };
}
const ok =
  (value: unknown): Answer =>
  () => ({ ok: true, value });
const FP = `SHA256:${'Q'.repeat(43)}`;
const PLAN: Plan = {
  files: [
    { path: '/etc/radvd.conf', status: 'new', stage: 'ra', metaChanges: [], diff: '--- a\n+++ b\n+x\n' },
  ],
  packages: ['radvd'],
  services: ['radvd.service'],
  stages: ['ra'],
  steps: ['preflight', 'backup'],
  changes: true,
  summary: '1 new file',
  notes: [],
  reviewed: 'c0ffee'.repeat(10) + 'c0ff',
};

function connected(w: WizardState): void {
  w.link.host = '192.0.2.1';
  w.link.routerId = 'abcdefgh12345678';
  w.link.phase = 'connected';
}

describe('router actions (scripted Node side)', () => {
  it('checks the login form first and sends nothing with a hostile host or an empty password', async () => {
    const w = new WizardState();
    const { call, calls } = scripted({});
    w.link.host = '-oProxyCommand=x';
    w.link.authKind = 'password';
    w.link.port = 70000;
    await connectRouter(w, false, call);
    expect(Object.keys(w.link.formErrors).sort()).toEqual(['host', 'password', 'port']);
    expect(calls).toEqual([]);
  });

  it('asks about a new host key, then sends exactly the accepted fingerprint', async () => {
    const w = new WizardState();
    const { call, calls } = scripted({
      'router:connect': [
        ok({ status: 'hostKeyUnknown', label: 'r', fingerprint: FP }),
        ok({ status: 'connected', routerId: 'abcdefgh12345678', label: 'r', fingerprint: FP }),
      ],
    });
    w.link.host = 'router.lan';
    await connectRouter(w, false, call);
    expect(w.link.phase).toBe('hostKey');
    expect(w.link.fingerprint).toBe(FP);
    await connectRouter(w, true, call);
    expect(w.link.connected).toBe(true);
    expect(calls[1]?.request).toMatchObject({ acceptFingerprint: FP, auth: { kind: 'agent' } });
    expect(calls[0]?.request).not.toHaveProperty('acceptFingerprint');
  });

  it('shows the SSH layer’s error and stays disconnected', async () => {
    const w = new WizardState();
    const { call } = scripted({
      'router:connect': () => ({ ok: false, error: { code: 'HOST_KEY_MISMATCH', message: 'changed!' } }),
    });
    w.link.host = 'router.lan';
    await connectRouter(w, false, call);
    expect(w.link.phase).toBe('idle');
    expect(w.link.error?.code).toBe('HOST_KEY_MISMATCH');
  });

  it('proposes detect’s values and uses them only after a yes', async () => {
    const w = new WizardState();
    connected(w);
    const detect = {
      os: { known: false, reason: '-' },
      networkSystem: { known: true, value: { system: 'systemd-networkd', evidence: 'networkd runs' } },
      firewallBackend: { known: false, reason: '-' },
      otherFirewall: { known: false, reason: '-' },
      guess: {
        wan: { known: true, value: { name: 'enp1s0', why: 'default route' } },
        lan: { known: false, reason: '-' },
      },
      networkFiles: { wan: '10-wan.network', lan: undefined },
    } as unknown as DetectResult;
    const { call } = scripted({ 'router:detect': ok({ detect, summary: ['line'] }) });
    await detectRouter(w, call);
    expect(w.link.proposal?.changes.map((c) => c.path)).toEqual([
      'router.networkSystem',
      'router.wanInterface',
      'router.wanNetworkFile',
    ]);
    expect(w.profile.router.wanInterface).not.toBe('enp1s0');
    useProposal(w);
    expect(w.profile.router.wanInterface).toBe('enp1s0');
    expect(w.profile.router.networkSystem).toBe('systemd-networkd');
  });

  it('marks a plan stale when the profile changes after it', async () => {
    const w = new WizardState();
    connected(w);
    const { call } = scripted({ 'router:plan': ok(PLAN) });
    await planRouter(w, call);
    expect(planIsStale(w)).toBe(false);
    w.profile.tunnel.mtu = 1400;
    expect(planIsStale(w)).toBe(true);
  });

  it('follows an apply to its outcome, cancels, and rolls back to the apply’s own backup', async () => {
    const w = new WizardState();
    connected(w);
    w.link.plan = PLAN;
    w.link.installPackages = true;
    const outcome = {
      ok: true,
      changed: true,
      plan: PLAN,
      backupDir: '/var/backups/v6wizard/20261123-190000-abc123',
      verify: [{ name: 'tunnel', ok: true, detail: 'up' }],
      message: 'applied',
      log: 'log',
    };
    const { call, calls } = scripted({
      'router:apply': ok({ jobId: 'job1job1job1job1' }),
      'router:progress': [
        ok({ events: [{ step: 'preflight', status: 'running', output: '', progress: 0 }], next: 1 }),
        ok({ events: [], next: 1 }),
        ok({
          events: [{ step: 'preflight', status: 'ok', output: 'p', progress: 0.5 }],
          next: 2,
          done: outcome,
        }),
      ],
      'router:rollback': ok({ ok: true, backupDir: outcome.backupDir, output: 'restored' }),
    });
    await applyRouter(w, call, 0);
    expect(w.link.events.map((e) => `${e.step}:${e.status}`)).toEqual(['preflight:running', 'preflight:ok']);
    expect(w.link.outcome?.message).toBe('applied');
    expect(w.link.applying).toBe(false);
    // The consent names the packages the person saw; the hash ties the apply to the reviewed plan.
    expect(calls[0]?.request).toMatchObject({
      installPackages: ['radvd'],
      reviewed: PLAN.reviewed,
      confirmTimeoutS: 60,
    });
    // No outside address given: the request does not carry the field at all.
    expect(calls[0]?.request).not.toHaveProperty('pingOutside');
    expect(calls.filter((c) => c.channel === 'router:progress').map((c) => c.request)).toEqual([
      { jobId: 'job1job1job1job1', after: 0 },
      { jobId: 'job1job1job1job1', after: 1 },
      { jobId: 'job1job1job1job1', after: 1 },
    ]);
    await rollbackRouter(w, call);
    expect(calls.at(-1)?.request).toEqual({ routerId: 'abcdefgh12345678', backupDir: outcome.backupDir });
    expect(w.link.rollbackResult?.ok).toBe(true);
  });

  it('sends the outside address to ping, trimmed, when the person gave one', async () => {
    const w = new WizardState();
    connected(w);
    w.link.plan = PLAN;
    w.link.pingOutside = ' 2001:4860:4860::8888 ';
    const { call, calls } = scripted({
      'router:apply': () => ({ ok: false, error: { code: 'GONE', message: 'the router is gone' } }),
    });
    await applyRouter(w, call, 0);
    // Without the person's consent no package is named.
    expect(calls[0]?.request).toMatchObject({ pingOutside: '2001:4860:4860::8888', installPackages: [] });
    expect(w.link.error?.message).toBe('the router is gone');
  });

  it('sends a cancel for the running job', async () => {
    const w = new WizardState();
    connected(w);
    w.link.jobId = 'job1job1job1job1';
    const { call, calls } = scripted({ 'router:cancel': ok({ cancelling: true }) });
    await cancelApply(w, call);
    expect(calls).toEqual([{ channel: 'router:cancel', request: { jobId: 'job1job1job1job1' } }]);
    expect(w.link.cancelling).toBe(true);
  });
});
