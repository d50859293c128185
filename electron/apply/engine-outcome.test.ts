import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile/types';
import type { RemoteExecResult } from '../ssh/types';
import { applyProfile, rollback, type ApplyOptions } from './engine';
import type { ApplyEvent } from './events';
import * as sh from './scripts';
import {
  backupAnswer,
  fakeSession,
  ok,
  probeAnswer,
  routerWith as routerFor,
  type Router,
} from '../../tests/helpers/fake-router';

/**
 * What the engine tells the person when a step's connection is lost, against a scripted stand-in for
 * the router: a mock, because the one case here that a real router cannot be driven into on demand
 * (the confirmation arrives, its answer is lost, and the router is reachable again at once) needs the
 * timing of a single packet. The real-router versions of the other cases run in the fault sweep
 * (npm run faults:sweep) on the lab VM. Each fake script answers as the real one does on success.
 */
const profile = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/he-ifupdown-slaac.json'), 'utf8'),
) as Profile;

const dropped = (): never => {
  throw new Error('the ssh connection dropped: (fake)');
};

const routerWith = (
  overrides: Map<string, (args: readonly string[]) => RemoteExecResult>,
  reachable: () => boolean,
): Router => routerFor(profile, overrides, reachable);

async function applyTo(router: Router, extra: Partial<ApplyOptions> = {}, opened = { connections: 0 }) {
  let connections = 0;
  return applyProfile({
    ...extra,
    profile,
    connect: () => {
      connections++;
      opened.connections = connections;
      // The first two connections (apply and the reconnect after the switch) always work.
      if (connections > 2 && !router.reachable()) return Promise.reject(new Error('network unreachable'));
      return Promise.resolve(fakeSession(router));
    },
  });
}

describe('what the apply says when its connection is lost', () => {
  it('a confirmation whose answer was lost, on a router reachable again: it says the new settings stayed', async () => {
    let confirmed = false;
    const router = routerWith(
      new Map<string, (a: readonly string[]) => RemoteExecResult>([
        [
          sh.CONFIRM,
          () => {
            confirmed = true; // it arrived …
            return dropped(); // … and its answer did not
          },
        ],
        // revert-now.sh on a confirmed apply: exit 4, nothing undone.
        [
          sh.REVERT_NOW,
          () => ({ code: 4, stdout: 'the apply was confirmed; roll back on request to undo it', stderr: '' }),
        ],
      ]),
      () => true,
    );
    const r = await applyTo(router);
    expect(confirmed).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.changed).toBe(true); // so Rollback in the wizard targets this apply's backup
    expect(r.message).toMatch(/^confirm failed: the ssh connection dropped/);
    expect(r.message).toMatch(/the confirmation had reached the router, so it keeps the new settings/);
    expect(r.message).not.toMatch(/revert timer restores/);
  });

  it('a confirmation whose answer was lost, on a router that stays unreachable: it says it cannot know which', async () => {
    const router = routerWith(new Map([[sh.CONFIRM, dropped]]), () => false);
    const r = await applyTo(router);
    expect(r.ok).toBe(false);
    expect(r.changed).toBe(false);
    expect(r.message).toMatch(/The confirmation may have reached the router before the connection was lost/);
    expect(r.message).toMatch(/if not, its revert timer restores \/var\/backups\/v6wizard\/\S+ within 60 s/);
  });

  it('any other step lost on an unreachable router: the timer restores the backup', async () => {
    const router = routerWith(new Map([[sh.VERIFY, dropped]]), () => false);
    const r = await applyTo(router);
    expect(r.message).toMatch(/^verify failed: the ssh connection dropped/);
    expect(r.message).toMatch(/the router could not be reached to roll back; its revert timer restores/);
    expect(r.message).not.toMatch(/may have reached/);
  });

  it("names the backup folder by the router's clock: what backup.sh made, not the app machine's time", async () => {
    let armedWith: readonly string[] = [];
    const r = await applyTo(
      routerWith(
        new Map([
          [
            sh.ARM,
            (args: readonly string[]) => {
              armedWith = args;
              return ok();
            },
          ],
        ]),
        () => true,
      ),
    );
    expect(r.ok, r.message).toBe(true);
    expect(r.backupDir).toMatch(/^\/var\/backups\/v6wizard\/20261207-101500-[a-z0-9]{1,12}$/);
    // The revert unit and the staging folder are named after it too.
    expect(armedWith[1]).toBe(`v6wizard-revert-${r.backupDir?.split('/').at(-1) ?? ''}`);
    expect(armedWith[2]).toBe(r.backupDir);
  });

  it('refuses a router that changed since the plan was reviewed, naming what changed, before any change', async () => {
    const called: string[] = [];
    const router = routerWith(new Map(), () => true);
    const watching: Router = {
      ...router,
      answer: (script, args) => {
        called.push(script);
        return router.answer(script, args);
      },
    };
    // Reviewed when the router still lacked radvd; now it has it, so the plan to run is another one.
    const reviewed = { ...(await applyTo(watching)).plan, reviewed: '0'.repeat(64), packages: ['radvd'] };
    called.length = 0;
    const r = await applyTo(watching, { reviewed });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(
      /^preflight failed: the router changed since the plan was reviewed, so nothing was applied/,
    );
    expect(r.message).toContain('packages no longer to install: radvd');
    expect(r.message).toMatch(/nothing on the router was changed$/);
    expect(called).not.toContain(sh.BACKUP);
  });

  it('a backup.sh that does not say where it saved stops the apply before anything else', async () => {
    const r = await applyTo(
      routerWith(new Map([[sh.BACKUP, () => ok('backed up 3 path(s)\n')]]), () => true),
    );
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^backup failed: backup.sh did not say where it saved/);
  });

  it('a failed step is rolled back over the connection it ran on, before that connection is closed', async () => {
    const opened = { connections: 0 };
    const r = await applyTo(
      routerWith(new Map([[sh.CHECK, () => ({ code: 1, stdout: '', stderr: 'radvd: bad' })]]), () => true),
      {},
      opened,
    );
    expect(r.message).toMatch(/^check failed: a daemon refused/);
    expect(r.message).toMatch(/rolled back: the router is as it was before/);
    expect(opened.connections).toBe(1);
  });

  it('packages: consent is asked before any change; once given they install after the timer is armed, which waits for them too', async () => {
    // A router without radvd: the plan needs the package.
    const withoutRadvd = (args: readonly string[]): RemoteExecResult => {
      const r = probeAnswer(profile, args);
      return { ...r, stdout: r.stdout.replace(/^P radvd\n/m, '') };
    };
    const calls: string[] = [];
    const router = (): Router => {
      const r = routerWith(new Map([[sh.PROBE, withoutRadvd]]), () => true);
      return {
        ...r,
        answer: (script, args) => {
          const name = [...Object.entries(sh)].find(([, text]) => text === script)?.[0] ?? '?';
          calls.push(
            name === 'ARM'
              ? `ARM ${args[0] ?? ''}`
              : name === 'PACKAGES'
                ? `PACKAGES ${args.slice(1).join(' ')}`
                : name,
          );
          return r.answer(script, args);
        },
      };
    };
    const refused = await applyTo(router(), { consentToPackages: () => Promise.resolve(false) });
    expect(refused.message).toMatch(
      /^packages failed: these packages are needed and were not installed \(no consent\): radvd\nnothing on the router was changed$/,
    );
    expect(calls).toEqual(['PROBE']);
    calls.length = 0;
    const agreed = await applyTo(router(), { consentToPackages: () => Promise.resolve(true) });
    expect(agreed.ok, agreed.message).toBe(true);
    // 60 s to confirm + 300 s for check, install and switch + 900 s for apt-get.
    expect(calls.slice(0, 6)).toEqual(['PROBE', 'BACKUP', 'UPLOAD', 'ARM 1260', 'PACKAGES radvd', 'CHECK']);
  });

  it('a rollback that fails half way is reported as failed with the step, never as rolled back', async () => {
    const r = await applyTo(
      routerWith(
        new Map([
          [
            sh.VERIFY,
            () => ({ code: 0, stdout: 'forwarding\tfail\tnet.ipv6.conf.all.forwarding = 0\n', stderr: '' }),
          ],
          [
            sh.REVERT_NOW,
            () => ({
              code: 3,
              stdout:
                'restore started\nFAILED: rm -f -- /etc/radvd.conf\nrestore stopped; the router is part way back\n',
              stderr: '',
            }),
          ],
        ]),
        () => true,
      ),
    );
    expect(r.ok).toBe(false);
    expect(r.changed).toBe(true);
    expect(r.message).toMatch(/^verify failed/);
    expect(r.message).toContain(
      'the rollback FAILED, the router is part way back:\nFAILED: rm -f -- /etc/radvd.conf',
    );
    expect(r.message).not.toMatch(/rolled back: the router is as it was before/);
  });

  it('the daemon checks: a refusal is a refusal, a lost connection is a lost connection', async () => {
    const refused = await applyTo(
      routerWith(
        new Map([
          [sh.CHECK, () => ({ code: 1, stdout: 'FAIL /etc/radvd.conf (radvd): syntax error', stderr: '' })],
        ]),
        () => true,
      ),
    );
    expect(refused.message).toMatch(
      /^check failed: a daemon refused its new configuration, so nothing was switched/,
    );
    expect(refused.message).toContain('syntax error');
    expect(refused.message).toMatch(/rolled back: the router is as it was before/);

    const lost = await applyTo(routerWith(new Map([[sh.CHECK, dropped]]), () => false));
    expect(lost.message).toMatch(/^check failed: the ssh connection dropped/);
    expect(lost.message).not.toMatch(/daemon refused/);
  });
});

describe('secrets the router prints back', () => {
  // A router can echo a secret anywhere (sudo's own messages, a script that prints its arguments, a
  // broker that echoes its request): every path out of the engine must hide it, not only the saved log.
  const secret = 's3cret-SUDO-pw';
  const echoing = (code: number) => (): RemoteExecResult => ({
    code,
    stdout: `here it is: ${secret}\n`,
    stderr: `[sudo] ${secret}\n`,
  });

  it('never reach the live events, the result message or the log of a failed apply', async () => {
    const events: ApplyEvent[] = [];
    const router = routerWith(
      new Map([
        [
          sh.BACKUP,
          (args: readonly string[]) => ({
            ...echoing(0)(),
            stdout: `${backupAnswer(args)}here it is: ${secret}\n`,
          }),
        ],
        [sh.CHECK, echoing(1)],
        [sh.REVERT_NOW, echoing(0)],
      ]),
      () => true,
    );
    const r = await applyTo(router, { secrets: [secret], onEvent: (e) => events.push(e) });
    expect(r.ok).toBe(false);
    const outputs = events.map((e) => e.output).join('\n');
    // The outputs did flow (backup ok, check failed, rollback ok), with the secret hidden.
    expect(events.filter((e) => e.output.includes('[redacted]')).map((e) => e.step)).toEqual([
      'backup',
      'check',
      'rollback',
    ]);
    expect(outputs).not.toContain(secret);
    expect(r.message).toContain('[redacted]');
    expect(r.message).not.toContain(secret);
    expect(r.log).not.toContain(secret);
  });

  it('never reach the output of a rollback on request', async () => {
    const session = fakeSession(routerWith(new Map([[sh.REVERT_NOW, echoing(0)]]), () => true));
    const r = await rollback(session, '/var/backups/v6wizard/x', [secret]);
    expect(r.ok).toBe(true);
    expect(r.output).toContain('[redacted]');
    expect(r.output).not.toContain(secret);
  });
});
