import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/handlers/create-handlers';
import { dispatch } from '../../electron/handlers/dispatch';
import { fakePlatform } from '../../electron/handlers/fake-platform';
import type { Plan } from '../../shared/plan/types';
import type { RouterConnection } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/contract';
import { withFastLab } from '../lab/fast/with-lab';
import type { LabSsh } from '../lab/fast/sshd';

const REPO = join(import.meta.dirname, '../..');
const example = (): unknown =>
  JSON.parse(readFileSync(join(REPO, 'examples/he-ifupdown-slaac.json'), 'utf8')) as unknown;

function value(r: Result<unknown>): unknown {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const code = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

/**
 * The router channels the wizard uses, through the same dispatch (request validation included) that
 * Electron's IPC and the browser host use, against the fast lab's real sshd as a sudo user: trust on
 * first use, a wrong sudo password and a user without sudo caught at connect, detect, plan with a
 * diff for every file, rollback with nothing to roll back, and a forgotten login. (Apply needs
 * systemd: the wizard's end-to-end test runs it on the router VM.)
 */
describe('router channels against the fast lab', () => {
  it(
    'connects with trust on first use, detects, plans, and refuses what it must',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'v6w-router-ch-'));
      try {
        await withFastLab(async (lab) => {
          const ssh = lab.ssh as LabSsh;
          const handlers = createHandlers(fakePlatform(), undefined, {
            knownHostsFile: join(dir, 'known_hosts'),
          });
          const call = (channel: string, request: unknown): Promise<Result<unknown>> =>
            dispatch(handlers, channel, request);
          const target = { host: ssh.host, port: ssh.port, user: ssh.users.sudo.name };
          const password = ssh.users.sudo.password ?? '';
          const auth = { kind: 'password', password };

          // A hostile host never reaches the SSH layer.
          const hostile = await call('router:connect', {
            target: { ...target, host: '-oProxyCommand=touch /tmp/x' },
            auth,
          });
          expect(code(hostile)).toBe('BAD_REQUEST');

          const first = value(await call('router:connect', { target, auth })) as RouterConnection;
          expect(first).toEqual({
            status: 'hostKeyUnknown',
            label: `[${ssh.host}]:${ssh.port}`,
            fingerprint: ssh.hostKeyFingerprint,
          });
          const wrongSudo = await call('router:connect', {
            target,
            auth,
            sudoPassword: `${password}-wrong`,
            acceptFingerprint: first.fingerprint,
          });
          expect(code(wrongSudo)).toBe('SUDO_AUTH_FAILED');
          // The key was accepted by the person even though sudo failed: it is stored, a second try is silent.
          const noSudo = await call('router:connect', {
            target: { ...target, user: ssh.users.key.name },
            auth: { kind: 'key', identityFile: ssh.users.key.privateKeyPath ?? '' },
          });
          expect(code(noSudo)).toBe('SUDO_AUTH_FAILED');
          if (!noSudo.ok) expect(noSudo.error.message).toMatch(/sudo/);

          const connected = value(await call('router:connect', { target, auth })) as RouterConnection;
          if (connected.status !== 'connected') throw new Error('expected a login');
          expect(connected.fingerprint).toBe(ssh.hostKeyFingerprint);
          const routerId = connected.routerId;

          const detected = value(await call('router:detect', { routerId, profile: example() })) as {
            summary: string[];
            detect: { interfaces: { known: boolean } };
          };
          expect(detected.detect.interfaces.known).toBe(true);
          expect(detected.summary.join('\n')).toMatch(/interface/i);

          const plan = value(await call('router:plan', { routerId, profile: example() })) as Plan;
          expect(plan.changes).toBe(true);
          expect(plan.files.length).toBeGreaterThan(3);
          for (const f of plan.files) {
            expect(f.status).toBe('new');
            expect(f.diff).toMatch(/^--- /m);
          }
          const invalid = await call('router:plan', { routerId, profile: { version: 1 } });
          expect(code(invalid)).toBe('VALIDATION_FAILED');

          const rolled = value(await call('router:rollback', { routerId })) as {
            ok: boolean;
            output: string;
          };
          expect(rolled.ok).toBe(false);
          expect(rolled.output).toMatch(/no v6wizard backup/);

          expect(value(await call('router:disconnect', { routerId }))).toEqual({ forgotten: true });
          expect(code(await call('router:detect', { routerId }))).toBe('GONE');
          expect(
            code(
              await call('router:apply', {
                routerId,
                profile: example(),
                confirmTimeoutS: 60,
                installPackages: [],
                reviewed: '0'.repeat(64),
              }),
            ),
          ).toBe('GONE');
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
