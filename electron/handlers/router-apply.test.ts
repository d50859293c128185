import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplyProgress, Result, RouterConnection } from '../../shared/ipc/contract';
import type { ApplyOptions } from '../apply/engine';
import type { RemoteSession } from '../ssh/types';
import { createHandlers } from './create-handlers';
import { dispatch } from './dispatch';
import { fakePlatform } from './fake-platform';

/**
 * The apply job plumbing behind router:apply / progress / cancel: events in order through the long
 * poll, the outcome after the last event, one apply per router, cancel reaching the engine's signal,
 * the login's secrets handed over for redaction and the broker key taken from the secret store.
 * The SSH session and the engine are FAKES here (stated on purpose): the real engine runs against the
 * router VM in tests/apply and the wizard's end-to-end test; this file tests only what sits between.
 */
const REPO = join(import.meta.dirname, '../..');
const example = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(REPO, 'examples/he-ifupdown-slaac.json'), 'utf8')) as Record<string, unknown>;

const fakeSession: RemoteSession = {
  target: { host: '192.0.2.1', port: 22, user: 'admin' },
  hostKeyFingerprint: `SHA256:${'F'.repeat(43)}`,
  exec: () => Promise.resolve({ code: 0, stdout: '', stderr: '' }),
  writeFile: () => Promise.resolve(),
  readFile: () => Promise.resolve(undefined),
  close: () => Promise.resolve(),
};

/** The plan's hash the page would send with the apply: router:plan first, as the Review step does. */
async function reviewedHash(
  call: (c: string, r: unknown) => Promise<Result<unknown>>,
  routerId: string,
  profile: Record<string, unknown>,
): Promise<string> {
  return (value(await call('router:plan', { routerId, profile })) as { reviewed: string }).reviewed;
}

function value(r: Result<unknown>): unknown {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function setup(apply: (o: ApplyOptions) => Promise<never> | ReturnType<typeof finish>) {
  const platform = fakePlatform();
  const handlers = createHandlers(platform, undefined, {
    knownHostsFile: '/nonexistent/known_hosts',
    connect: () => Promise.resolve(fakeSession),
    apply,
    progressWaitMs: 200,
  });
  const call = (c: string, r: unknown): Promise<Result<unknown>> => dispatch(handlers, c, r);
  const login = value(
    await call('router:connect', {
      target: { host: '192.0.2.1', port: 22, user: 'admin' },
      auth: { kind: 'password', password: 'login-PW-1' },
      sudoPassword: 'sudo-PW-2',
    }),
  ) as RouterConnection;
  if (login.status !== 'connected') throw new Error('expected a login');
  return { platform, call, routerId: login.routerId };
}

function finish(o: ApplyOptions, message = 'applied') {
  return Promise.resolve({
    ok: message === 'applied',
    changed: message === 'applied',
    plan: {
      files: [],
      packages: [],
      services: [],
      stages: [],
      steps: [],
      changes: true,
      summary: 's',
      notes: [],
      reviewed: 'r',
    },
    verify: [],
    message,
    log: `log for ${o.profile.name}`,
  });
}

async function readAll(call: (c: string, r: unknown) => Promise<Result<unknown>>, jobId: string) {
  let after = 0;
  const steps: string[] = [];
  for (let i = 0; i < 50; i++) {
    const p = value(await call('router:progress', { jobId, after })) as ApplyProgress;
    steps.push(...p.events.map((e) => `${e.step}:${e.status}`));
    after = p.next;
    if (p.done) return { steps, done: p.done };
  }
  throw new Error('the job never finished');
}

describe('router:apply jobs (fake engine and session)', () => {
  it('streams the events in order, then the outcome, and hands the engine the secrets and consent', async () => {
    let seen: ApplyOptions | undefined;
    const { call, routerId } = await setup(async (o) => {
      seen = o;
      o.onEvent?.({ step: 'preflight', status: 'running', output: '', progress: 0 });
      await new Promise((r) => setTimeout(r, 300)); // longer than one poll: an empty answer in between
      o.onEvent?.({ step: 'preflight', status: 'ok', output: 'plan', progress: 0.1 });
      // The consent covers the packages the person saw named, and no other.
      expect(await o.consentToPackages?.(['radvd'])).toBe(true);
      expect(await o.consentToPackages?.(['radvd', 'kea-dhcp6-server'])).toBe(false);
      return finish(o);
    });
    const reviewed = await reviewedHash(call, routerId, example());
    const { jobId } = value(
      await call('router:apply', {
        routerId,
        profile: example(),
        confirmTimeoutS: 45,
        installPackages: ['radvd'],
        reviewed,
        pingOutside: '2001:db8:eeee::1',
      }),
    ) as { jobId: string };
    const { steps, done } = await readAll(call, jobId);
    expect(steps).toEqual(['preflight:running', 'preflight:ok']);
    expect(done.message).toBe('applied');
    expect(seen?.confirmTimeoutS).toBe(45);
    // The engine gets the plan the person reviewed, as the Node side computed it.
    expect(seen?.reviewed?.reviewed).toBe(reviewed);
    expect(seen?.pingOutside).toBe('2001:db8:eeee::1');
    expect(seen?.secrets).toEqual(expect.arrayContaining(['login-PW-1', 'sudo-PW-2']));
    expect(seen?.broker).toBeUndefined();
  });

  it('allows one apply per router, and cancel reaches the engine, which ends the job', async () => {
    const { call, routerId } = await setup(
      (o) =>
        new Promise((resolve) => {
          o.signal?.addEventListener('abort', () => {
            o.onEvent?.({ step: 'rollback', status: 'ok', output: 'rolled back', progress: 1 });
            resolve(finish(o, 'cancelled by the person; rolled back'));
          });
        }),
    );
    const request = {
      routerId,
      profile: example(),
      confirmTimeoutS: 60,
      installPackages: [],
      reviewed: await reviewedHash(call, routerId, example()),
    };
    const { jobId } = value(await call('router:apply', request)) as { jobId: string };
    const second = await call('router:apply', request);
    expect(second.ok ? 'ok' : second.error.code).toBe('BUSY');
    // Another login to the same router (another user, the host's name in capitals) is the same router.
    const other = value(
      await call('router:connect', {
        target: { host: '192.0.2.1', port: 22, user: 'pi' },
        auth: { kind: 'password', password: 'pi-PW' },
      }),
    ) as RouterConnection;
    if (other.status !== 'connected') throw new Error('expected a second login');
    expect(other.routerId).not.toBe(routerId);
    const third = await call('router:apply', { ...request, routerId: other.routerId });
    expect(third.ok ? 'ok' : third.error.code).toBe('BUSY');
    const rollback = await call('router:rollback', { routerId });
    expect(rollback.ok ? 'ok' : rollback.error.code).toBe('BUSY');
    expect(value(await call('router:cancel', { jobId }))).toEqual({ cancelling: true });
    const { steps, done } = await readAll(call, jobId);
    expect(steps).toEqual(['rollback:ok']);
    expect(done.ok).toBe(false);
    expect(value(await call('router:cancel', { jobId }))).toEqual({ cancelling: false });
    // Once it ended, the router is free again.
    expect((await call('router:apply', request)).ok).toBe(true);
  });

  it('takes the broker update key from the secret store when the profile asks for an update', async () => {
    let seen: ApplyOptions | undefined;
    const { platform, call, routerId } = await setup((o) => {
      seen = o;
      return finish(o);
    });
    await platform.secrets.set('he-key', 'BROKER-key-3');
    const profile = example();
    const tunnel = profile['tunnel'] as Record<string, unknown>;
    tunnel['update'] = { username: 'me', tunnelId: '123456', updateKey: { secretRef: 'he-key' } };
    const reviewed = await reviewedHash(call, routerId, profile);
    const { jobId } = value(
      await call('router:apply', { routerId, profile, confirmTimeoutS: 60, installPackages: [], reviewed }),
    ) as { jobId: string };
    await readAll(call, jobId);
    expect(seen?.broker?.updateKey).toBe('BROKER-key-3');
  });

  it('refuses an invalid profile and an unknown job', async () => {
    const { call, routerId } = await setup((o) => finish(o));
    const bad = await call('router:apply', {
      routerId,
      profile: { version: 1 },
      confirmTimeoutS: 60,
      installPackages: [],
      reviewed: 'a'.repeat(64),
    });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
    // A plan this app never showed (or showed before a restart) is not applied.
    const unreviewed = await call('router:apply', {
      routerId,
      profile: example(),
      confirmTimeoutS: 60,
      installPackages: [],
      reviewed: 'a'.repeat(64),
    });
    expect(unreviewed.ok ? 'ok' : unreviewed.error.message).toMatch(/the reviewed plan is not known/);
    const unknown = await call('router:progress', { jobId: 'abcdefghijklmnop', after: 0 });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('GONE');
  });
});
