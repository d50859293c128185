import type { Result, RouterAuth } from '../../shared/ipc/contract';
import { describeDetect } from '../../shared/detect/describe';
import { buildPlan } from '../../shared/plan/plan';
import type { ApplyOutcome } from '../../shared/plan/apply';
import type { Plan } from '../../shared/plan/types';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { applyProfile, planApply, rollback, type ApplyOptions } from '../apply/engine';
import { httpBrokerUpdater, type BrokerUpdater } from '../apply/broker';
import { detect } from '../detect/detect';
import { connect, type ConnectOptions } from '../ssh/connect';
import { isSshError } from '../ssh/errors';
import { defaultKnownHostsFile } from '../ssh/paths';
import { hostLabel } from '../ssh/target';
import type { Credentials, RemoteSession, RemoteTarget } from '../ssh/types';
import { ApplyJobs, newId } from './apply-jobs';
import { checkedProfile } from './checked-profile';
import type { Platform } from './platform';
import { errorText, fail, ok } from './result';
import type { Handlers } from './types';

type RouterHandlers = Pick<
  Handlers,
  | 'router:connect'
  | 'router:detect'
  | 'router:plan'
  | 'router:apply'
  | 'router:progress'
  | 'router:cancel'
  | 'router:rollback'
  | 'router:disconnect'
>;

/**
 * The side effects the router channels use, injectable so the handler tests can run the job and
 * broker logic without a VM (the real ones are the defaults, and the end-to-end test drives them).
 */
export interface RouterDeps {
  knownHostsFile: string;
  connect: (o: ConnectOptions) => Promise<RemoteSession>;
  detect: typeof detect;
  plan: typeof planApply;
  apply: (o: ApplyOptions) => Promise<ApplyOutcome>;
  rollback: typeof rollback;
  brokerUpdater: BrokerUpdater;
  /** How long router:progress waits for the next event before answering with none. */
  progressWaitMs: number;
}

export const realRouterDeps = (): RouterDeps => ({
  knownHostsFile: defaultKnownHostsFile(),
  connect,
  detect,
  plan: planApply,
  apply: applyProfile,
  rollback,
  brokerUpdater: httpBrokerUpdater,
  progressWaitMs: 10_000,
});

/** A router the person logged in to: kept in memory only, for the later calls of this run. */
interface Login {
  target: RemoteTarget;
  credentials: Credentials;
  sudoPassword?: string;
}

/**
 * One apply per router, not per login: two logins to one router (root and pi, or the same login made
 * twice) must not apply at once. The router's own lock (backup.sh) covers the CLI and other machines.
 */
const routerKey = (t: RemoteTarget): string => `${t.host.toLowerCase()}:${t.port}`;

/** How many reviewed plans are kept (a person compares a few times before applying). */
const REMEMBERED_PLANS = 16;

const credentialsOf = (auth: RouterAuth): Credentials => (auth.kind === 'agent' ? { kind: 'agent' } : auth);

/** The secrets of a login, to keep out of the apply log. */
const secretsOf = (l: Login): string[] =>
  [
    l.sudoPassword,
    l.credentials.kind === 'password' ? l.credentials.password : undefined,
    l.credentials.kind === 'key' ? l.credentials.passphrase : undefined,
  ].filter((s): s is string => s !== undefined);

/** An SSH failure keeps its code (the page shows the SSH layer's sentence); anything else is a bug. */
function failure(action: string, e: unknown): Result<never> {
  if (isSshError(e)) return fail(e.code, e.message);
  return fail('INTERNAL', `${action} failed: ${errorText(e)}`);
}

/**
 * The router channels: connect (trust on first use, then the login is kept in memory under an id),
 * detect, plan, apply as a job read by long poll, cancel, rollback, disconnect. Every call opens its
 * own connection and closes it, as the CLI does: nothing idles on the router between the person's
 * clicks, and the apply's confirmation always comes over a connection made after the switch.
 */
export function routerHandlers(platform: Platform, deps: RouterDeps): RouterHandlers {
  const logins = new Map<string, Login>();
  const jobs = new ApplyJobs(deps.progressWaitMs);
  /**
   * The plans shown to the person, by their `reviewed` hash, so an apply carries only the hash and the
   * engine gets the plan exactly as the person saw it (never one sent back by the page). The newest few.
   */
  const plans = new Map<string, Plan>();
  const remember = (plan: Plan): void => {
    plans.delete(plan.reviewed);
    plans.set(plan.reviewed, plan);
    for (const old of plans.keys()) if (plans.size > REMEMBERED_PLANS) plans.delete(old);
  };

  const open = (l: Login): Promise<RemoteSession> =>
    deps.connect({
      target: l.target,
      credentials: l.credentials,
      knownHostsFile: deps.knownHostsFile,
      ...(l.sudoPassword !== undefined ? { sudoPassword: l.sudoPassword } : {}),
    });

  const gone = (routerId: string): Result<never> =>
    fail('GONE', `router login ${routerId} is not known (the app was restarted?): connect again`);

  /** Run body with a fresh session to a known router, closing it afterwards. */
  async function withSession<T>(
    routerId: string,
    action: string,
    body: (s: RemoteSession, l: Login) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const login = logins.get(routerId);
    if (!login) return gone(routerId);
    let session: RemoteSession;
    try {
      session = await open(login);
    } catch (e) {
      return failure(action, e);
    }
    try {
      return await body(session, login);
    } catch (e) {
      return failure(action, e);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** The broker update key, when the profile asks for an update and the secret store has the key. */
  async function brokerFor(profile: Profile): Promise<ApplyOptions['broker']> {
    const update = profile.tunnel.update;
    if (update === undefined || !platform.secrets.status().available) return undefined;
    const key = await platform.secrets.get(update.updateKey.secretRef).catch(() => undefined);
    return key === undefined || key === '' ? undefined : { updateKey: key, updater: deps.brokerUpdater };
  }

  return {
    'router:connect': async (r) => {
      const login: Login = {
        target: r.target,
        credentials: credentialsOf(r.auth),
        ...(r.sudoPassword !== undefined ? { sudoPassword: r.sudoPassword } : {}),
      };
      const label = hostLabel(r.target.host, r.target.port);
      let session: RemoteSession;
      try {
        session = await deps.connect({
          target: login.target,
          credentials: login.credentials,
          knownHostsFile: deps.knownHostsFile,
          ...(r.acceptFingerprint !== undefined ? { acceptFingerprint: r.acceptFingerprint } : {}),
          ...(login.sudoPassword !== undefined ? { sudoPassword: login.sudoPassword } : {}),
        });
      } catch (e) {
        if (isSshError(e) && e.code === 'HOST_KEY_UNKNOWN')
          return ok({ status: 'hostKeyUnknown', label, fingerprint: e.details.fingerprint ?? '' });
        return failure('connect', e);
      }
      try {
        // Prove root now (sudo's password, or that the user may sudo at all), not half way into an apply.
        const probe = await session.exec(['true'], { sudo: true, timeoutMs: 20_000 });
        if (probe.code !== 0)
          return fail(
            'SUDO_AUTH_FAILED',
            `${label}: ${r.target.user} cannot run commands as root with sudo (${probe.stderr.trim() || `exit ${probe.code}`}); log in as root or give the sudo password`,
          );
        const routerId = newId();
        logins.set(routerId, login);
        return ok({ status: 'connected', routerId, label, fingerprint: session.hostKeyFingerprint });
      } catch (e) {
        return failure('connect', e);
      } finally {
        await session.close().catch(() => undefined);
      }
    },

    'router:detect': (r) =>
      withSession(r.routerId, 'detect', async (s, l) => {
        const checked = r.profile !== undefined ? checkedProfile(r.profile) : undefined;
        const files = checked?.ok === true ? render(checked.value).map((f) => f.path) : [];
        const sudo = l.target.user !== 'root';
        const result = await deps.detect(s, { sudo, files });
        return ok({ detect: result, summary: describeDetect(result) });
      }),

    'router:plan': async (r) => {
      const checked = checkedProfile(r.profile);
      if (!checked.ok) return checked;
      return withSession(r.routerId, 'plan', async (s) => {
        const plan = await deps.plan(checked.value, s);
        remember(plan);
        return ok(plan);
      });
    },

    'router:apply': async (r) => {
      const checked = checkedProfile(r.profile);
      if (!checked.ok) return checked;
      const profile = checked.value;
      const login = logins.get(r.routerId);
      if (!login) return gone(r.routerId);
      if (jobs.running(routerKey(login.target)))
        return fail('BUSY', 'an apply to this router is already running; wait for it or cancel it');
      const reviewed = plans.get(r.reviewed);
      if (reviewed === undefined)
        return fail(
          'GONE',
          'the reviewed plan is not known (the app was restarted?): compare with the router again',
        );
      const broker = await brokerFor(profile);
      const jobId = jobs.start(
        routerKey(login.target),
        (onEvent, signal) =>
          deps.apply({
            profile,
            connect: () => open(login),
            confirmTimeoutS: r.confirmTimeoutS,
            // Consent is to the packages the person saw named, not a blanket yes.
            consentToPackages: (packages) =>
              Promise.resolve(packages.every((p) => r.installPackages.includes(p))),
            reviewed,
            ...(r.pingOutside !== undefined ? { pingOutside: r.pingOutside } : {}),
            ...(broker !== undefined ? { broker } : {}),
            onEvent,
            signal,
            secrets: secretsOf(login),
          }),
        (message) => ({
          ok: false,
          changed: false,
          plan: buildPlan(profile, render(profile), { files: [], programs: [] }),
          verify: [],
          message: `the apply stopped unexpectedly: ${message}`,
          log: '',
        }),
      );
      return ok({ jobId });
    },

    'router:progress': async (r) => {
      const p = await jobs.progress(r.jobId, r.after);
      return p ? ok(p) : fail('GONE', `apply ${r.jobId} is not known (the app was restarted?)`);
    },

    'router:cancel': (r) => Promise.resolve(ok({ cancelling: jobs.cancel(r.jobId) })),

    'router:rollback': (r) =>
      withSession(r.routerId, 'rollback', async (s, l) => {
        if (jobs.running(routerKey(l.target)))
          return fail('BUSY', 'an apply to this router is running; cancel it instead (it rolls back)');
        return ok(await deps.rollback(s, r.backupDir, secretsOf(l)));
      }),

    'router:disconnect': (r) => Promise.resolve(ok({ forgotten: logins.delete(r.routerId) })),
  };
}
