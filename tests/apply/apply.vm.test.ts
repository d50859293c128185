import { hostname } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpBrokerUpdater } from '../../electron/apply/broker';
import { applyProfile, planApply, rollback } from '../../electron/apply/engine';
import { counters } from '../../electron/apply/remote';
import type { Profile } from '../../shared/profile/types';
import { validateProfile } from '../../shared/validate';
import { LAB } from '../lab/vm/lab-net';
import type { Vm } from '../lab/vm/vm';
import { vmSession, type VmSession } from './vm-session';
import { formatCheck, networkChecks } from '../lab/vm/selftest';
import { bootLabRouter } from './vm-router';
import { bootGuards, revertTimers, snapshot as snapshot0, waitForRevert } from './vm-state';

/**
 * Apply over SSH against one router VM (booted once for this file, rolled back between tests): the
 * end-to-end apply with the pc's IPv6 proved and the broker's endpoint update sent to a local
 * stand-in, a second apply that changes nothing, rollback byte for byte, a daemon check that fails,
 * and the connection lost after the switch, before the confirmation (apply-faults.vm.test.ts has
 * the faults that need a LAN-side management path). Nothing is skipped: without root, qemu or the
 * image the file fails with the reason.
 */
let vm: Vm | undefined;
const theVm = (): Vm => {
  if (!vm) throw new Error('the router VM did not boot (see beforeAll)');
  return vm;
};
let profile: Profile;
let before: string;
/** The broker update key: it must reach the (local) broker and never the log. */
const BROKER_KEY = 'k3y-SECRET-value';

const snapshot = (): Promise<string> => snapshot0(theVm(), profile);

beforeAll(async () => {
  ({ vm, profile } = await bootLabRouter('apply-test', 'he-ifupdown-slaac.json'));
  before = await snapshot();
}, 300_000);

afterAll(async () => {
  await vm?.stop();
});

const connect = (): ReturnType<typeof vmSession> => vmSession(theVm());

describe('apply over SSH on a router VM (ifupdown, SLAAC)', () => {
  it(
    'applies end to end with the broker endpoint update, the pc gets working IPv6, and a second apply changes nothing',
    { timeout: 300_000 },
    async () => {
      // With broker credentials: the endpoint update goes to a local stand-in for the broker (nothing
      // outside can be reached here) through the real HTTP updater, between the check and the install.
      const withUpdate: Profile = {
        ...profile,
        tunnel: {
          ...profile.tunnel,
          update: { username: 'lab-user', tunnelId: '654321', updateKey: { secretRef: 'he-update-key' } },
        },
      };
      const valid = validateProfile(withUpdate);
      expect(valid.ok, JSON.stringify(valid.problems)).toBe(true);
      const requests: { url: string; authorization: string }[] = [];
      const brokerServer = createServer((req, res) => {
        requests.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '' });
        res.end('good 192.0.2.1\n');
      });
      await new Promise<void>((r) => brokerServer.listen(0, '127.0.0.1', r));
      const brokerPort = (brokerServer.address() as AddressInfo).port;
      counters.connections = 0;
      counters.commands = 0;
      const events: string[] = [];
      const result = await applyProfile({
        profile: withUpdate,
        connect,
        confirmTimeoutS: 90,
        // The lab's "internet" lives behind the broker: it answers the router's LAN address only if
        // the routed prefix comes back through the tunnel.
        pingOutside: LAB.internetV6,
        broker: {
          updateKey: BROKER_KEY,
          updater: httpBrokerUpdater,
          base: `http://127.0.0.1:${brokerPort}/nic/update`,
        },
        onEvent: (e) => events.push(`${e.step}:${e.status}`),
      }).finally(() => brokerServer.close());
      expect(result.message, result.log).toMatch(/^applied/);
      expect(result.ok).toBe(true);
      // Exactly one update, for this tunnel, with user:key in the Basic auth header only.
      expect(requests.map((r) => r.url)).toEqual(['/nic/update?hostname=654321']);
      expect(Buffer.from(requests[0]?.authorization.replace(/^Basic /, '') ?? '', 'base64').toString()).toBe(
        `lab-user:${BROKER_KEY}`,
      );
      expect(events).toContain('broker:ok');
      expect(events.indexOf('broker:ok')).toBeGreaterThan(events.indexOf('check:ok'));
      expect(events.indexOf('broker:ok')).toBeLessThan(events.indexOf('install:running'));
      expect(result.log).toContain('good 192.0.2.1');
      expect(result.log).not.toContain(BROKER_KEY);
      expect(result.verify.map((v) => `${v.name}:${v.ok}`)).toEqual(
        expect.arrayContaining([
          'tunnel:true',
          'broker:true',
          'route:true',
          'forwarding:true',
          'outside:true',
          'ra:true',
          'firewall:true',
          'dad:true',
        ]),
      );
      expect(events).toContain('confirm:ok');
      process.stdout.write(`apply: ${counters.connections} connections, ${counters.commands} commands\n`);
      expect(counters.connections).toBe(2);
      // The lab self-test's checks from the pc and the internet side (the VM self-test applies every
      // other example over SSH with the same checks: tests/lab/vm/selftest.test.ts).
      const checks = await networkChecks(theVm(), profile);
      expect(checks.filter((c) => !c.pass).map((c) => formatCheck('he-ifupdown-slaac', c))).toEqual([]);
      // The revert timer was disarmed: nothing is left to fire.
      expect(await revertTimers(theVm())).toBe('');

      const applied = await snapshot();
      const again = await applyProfile({ profile: withUpdate, connect });
      expect(again.ok).toBe(true);
      expect(again.message).toBe('no changes');
      expect(again.plan.changes).toBe(false);
      expect(await snapshot()).toBe(applied);
    },
  );

  it(
    'a restore that fails half way says which file and command, keeps the backup, and a second one finishes: every touched file byte for byte, units, rules and addresses as before',
    { timeout: 240_000 },
    async () => {
      // The apply added /etc/radvd.conf (absent before). Something put a folder with a file in its place
      // since (the lab image has no chattr): the restore's rm -f of that path fails.
      const stuck = '/etc/radvd.conf';
      const block = ['sh', '-c', 'rm -f -- "$1" && mkdir -- "$1" && touch -- "$1/x"', 'block', stuck];
      const unblock = ['sh', '-c', 'if [ -d "$1" ]; then rm -rf -- "$1"; fi', 'unblock', stuck];
      expect((await theVm().exec(block)).code).toBe(0);
      const s = await connect();
      try {
        const failed = await rollback(s);
        expect(failed.ok).toBe(false);
        expect(failed.output).toContain(`FAILED: rm -f -- ${stuck}`);
        expect(failed.output).toMatch(/restore stopped .*The backup \S+ stays/);
        // Not marked rolled back: the next rollback on request finds the same backup.
        expect((await theVm().exec(['test', '-e', `${failed.backupDir}/rolled-back`])).code).not.toBe(0);
        expect((await theVm().exec(unblock)).code).toBe(0);
        const r = await rollback(s);
        expect(r.backupDir).toBe(failed.backupDir);
        expect(r.ok, r.output).toBe(true);
        // restore.sh compared the router with the backup itself before it said so.
        expect(r.output).toContain('compared with the backup: files, units, sysctl values');
      } finally {
        await theVm().exec(unblock);
        await s.close();
      }
      expect(await snapshot()).toBe(before);
      expect(await bootGuards(theVm())).toBe('');
    },
  );

  it(
    'a verification that fails after the switch (an outside address that does not answer) rolls back at once, with the likely cause',
    { timeout: 240_000 },
    async () => {
      // Nothing in the lab has this address: the tunnel, the broker and the routes all work, only the
      // outside ping gets no answer, so the cause named must be that one.
      const result = await applyProfile({
        profile,
        connect,
        confirmTimeoutS: 90,
        pingOutside: '2001:db8:ffff::1',
      });
      expect(result.ok, result.log).toBe(false);
      expect(result.verify.filter((v) => !v.ok).map((v) => v.name)).toEqual(['outside']);
      expect(result.message).toMatch(/^verify failed: /);
      expect(result.message).toMatch(
        new RegExp(
          `likely cause: the broker's tunnel address answers, but the outside address does not answer`,
        ),
      );
      expect(result.message).toContain(profile.tunnel.routedPrefix);
      expect(result.message).toMatch(/rolled back: the router is as it was before/);
      expect(await revertTimers(theVm())).toBe('');
      expect(await snapshot()).toBe(before);
    },
  );

  it('switches nothing when a daemon refuses its uploaded config', { timeout: 180_000 }, async () => {
    const result = await applyProfile({
      profile,
      connect,
      testHooks: {
        files: (files) =>
          files.map((f) =>
            f.path === '/etc/radvd.conf'
              ? { ...f, content: `${f.content}\nthis is not radvd syntax {\n` }
              : f,
          ),
      },
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^check failed: a daemon refused/);
    expect(result.message).toMatch(/radvd/);
    expect(result.message).toMatch(/rolled back/);
    expect(await snapshot()).toBe(before);
  });

  it(
    'reverts by itself within the timeout when the connection is lost after the switch, before the confirmation',
    { timeout: 240_000 },
    async () => {
      const timeoutS = 20;
      let refuse = false;
      let first: VmSession | undefined;
      const okAt = new Map<string, number>();
      const result = await applyProfile({
        profile,
        confirmTimeoutS: timeoutS,
        connect: async () => {
          if (refuse) throw new Error('network unreachable (test)');
          first = await connect();
          return first;
        },
        onEvent: (e) => {
          if (e.status === 'ok') okAt.set(e.step, Date.now());
        },
        testHooks: {
          beforeStep: (step) => {
            // Switched; from here on the app has lost the router: its connection dies, no new one works.
            if (step === 'reconnect') {
              refuse = true;
              first?.kill();
            }
            return Promise.resolve();
          },
        },
      });
      expect(result.ok).toBe(false);
      // The moment the last stage reported that it had switched (the router's window starts there).
      const switchedAt = okAt.get(result.plan.stages.at(-1) ?? '') ?? 0;
      expect(switchedAt, result.log).toBeGreaterThan(0);
      expect(result.message).toMatch(/^reconnect failed/);
      expect(result.message).toMatch(/restores the old settings by itself within 20 s of the switch/);
      // The router is on the new settings until its timer fires, then back on the old ones by itself.
      const seen = await waitForRevert(theVm(), 120_000);
      expect(seen, seen.log).toMatchObject({ by: 'reverted', finished: true });
      const after = (seen.decidedAt - switchedAt) / 1000;
      process.stdout.write(`the router's timer reverted ${after.toFixed(1)} s after the switch finished\n`);
      // Polled once a second over a TCG VM's ssh: a few seconds of slack, never the old minute.
      // Not before the window is over (the person had the whole timeout to confirm), and on time.
      expect(after).toBeGreaterThan(timeoutS - 2);
      expect(after).toBeLessThan(timeoutS + 8);
      expect(await snapshot()).toBe(before);
      // And still reachable over a new connection.
      const s = await connect();
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );

  it(
    "two applies started together (as from the CLI and the browser host): exactly one runs, the other is refused with the first's start and host, nothing of it changed",
    { timeout: 300_000 },
    async () => {
      const [a, b] = await Promise.all([
        applyProfile({ profile, connect, confirmTimeoutS: 90 }),
        applyProfile({ profile, connect, confirmTimeoutS: 90 }),
      ]);
      const outcomes = [a, b].map((r) => (r.ok ? 'applied' : r.message.split('\n')[0]));
      process.stdout.write(`two applies at once: ${JSON.stringify(outcomes)}\n`);
      const won = [a, b].filter((r) => r.ok);
      const lost = [a, b].filter((r) => !r.ok);
      expect(won, outcomes.join(' | ')).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.message).toMatch(
        new RegExp(
          `^backup failed: another apply to this router is running: since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC from ${hostname()} `,
        ),
      );
      expect(lost[0]?.message).toMatch(/nothing on the router was changed$/);
      expect(lost[0]?.backupDir).toBeUndefined();
      // One consistent state: the winner's, confirmed, with no timer, guard or lock left behind.
      expect(await revertTimers(theVm())).toBe('');
      expect(await bootGuards(theVm())).toBe('');
      const locks = await theVm().exec([
        'systemctl',
        'list-units',
        '--no-legend',
        '--all',
        'v6wizard-lock-*',
      ]);
      expect(locks.stdout.trim()).toBe('');
      const s = await connect();
      try {
        expect((await planApply(profile, s)).summary).toBe('no changes');
        const back = await rollback(s, won[0]?.backupDir);
        expect(back.ok, back.output).toBe(true);
      } finally {
        await s.close();
      }
      expect(await snapshot()).toBe(before);
    },
  );
});
