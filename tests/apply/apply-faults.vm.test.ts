import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProfile } from '../../electron/apply/engine';
import { connect } from '../../electron/ssh/connect';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { validateProfile } from '../../shared/validate';
import { loadExample } from '../lab/fast/prepare';
import { buildVmImage } from '../lab/vm/build';
import { prepareRouter } from '../lab/vm/example-setup';
import { LAB, labProfile } from '../lab/vm/lab-net';
import { REPO } from '../lab/vm/paths';
import { bootVm, type Vm } from '../lab/vm/vm';
import { vmSession, type VmSession } from './vm-session';
import { lanLinkLocal, snapshot as snapshot0, waitForRevert } from './vm-state';
import { addSudoUser } from './vm-sudo-user';

/**
 * Faults that only the router's own timer can repair, against one router VM: the connection killed
 * before the switch (after the check step already put scripts in place), and a profile whose IPv6
 * firewall shuts out the management path; and a wrong sudo password, through the app's real SSH
 * layer as a non-root user. Each must end in exactly the state before the apply, with the router
 * reachable. Nothing is skipped: without root, qemu or the image the file fails.
 */
let vm: Vm | undefined;
const theVm = (): Vm => {
  if (!vm) throw new Error('the router VM did not boot (see beforeAll)');
  return vm;
};
let profile: Profile;
let before: string;
const snapshot = (): Promise<string> => snapshot0(theVm(), profile);

beforeAll(async () => {
  const image = await buildVmImage({ log: (l) => process.stdout.write(`${l}\n`) });
  vm = await bootVm(image, { name: 'apply-faults', log: (l) => process.stdout.write(`${l}\n`) });
  const { $schema: _s, ...example } = loadExample(join(REPO, 'examples/he-ifupdown-slaac.json'));
  profile = labProfile(example);
  await prepareRouter(vm, profile);
  before = await snapshot();
}, 300_000);

afterAll(async () => {
  await vm?.stop();
});

describe('faults the router repairs by itself (router VM, ifupdown, SLAAC)', () => {
  it(
    'connection killed before the switch: the router restores the old state by itself, scripts placed by the check included',
    { timeout: 180_000 },
    async () => {
      const early = render(profile).filter((f) => f.path.startsWith('/usr/local/sbin/'));
      expect(early.length).toBeGreaterThan(0);
      let refuse = false;
      let first: VmSession | undefined;
      let placed = '';
      const result = await applyProfile({
        profile,
        // Small numbers so the test waits half a minute: the timer fires 10 + 20 s after arming,
        // because the switch never finished and so never started the confirmation window.
        confirmTimeoutS: 10,
        switchBoundS: 20,
        connect: async () => {
          if (refuse) throw new Error('network unreachable (test)');
          first = await vmSession(theVm());
          return first;
        },
        testHooks: {
          beforeStep: async (step) => {
            if (step !== 'install') return;
            // The check step has run: its scripts are already in /usr/local/sbin. Now the app loses
            // the router for good, before anything is switched.
            const r = await theVm().exec(['ls', '--', ...early.map((f) => f.path)]);
            placed = r.stdout;
            refuse = true;
            first?.kill();
          },
        },
      });
      expect(result.ok).toBe(false);
      expect(result.message, result.log).toMatch(/^install failed/);
      expect(result.message).toMatch(/revert timer restores .* within 30 s of arming it/);
      expect(placed.trim().split('\n')).toEqual(early.map((f) => f.path));
      const seen = await waitForRevert(theVm(), 120_000);
      expect(seen, seen.log).toMatchObject({ by: 'reverted', finished: true });
      expect(await snapshot()).toBe(before);
      const s = await vmSession(theVm());
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );

  it(
    'a firewall that shuts out the management path: the confirmation cannot connect, the router reverts within the timeout, the app says why',
    { timeout: 240_000 },
    async () => {
      // Managed from the LAN over IPv6 (the pc namespace to the router's LAN address, port 22), with
      // a profile whose IPv6 firewall no longer accepts SSH from the LAN.
      const locked = structuredClone(profile);
      locked.router.management.fromLan = false;
      locked.router.management.allowFrom = [];
      const v = validateProfile(locked);
      expect(v.ok, JSON.stringify(v.problems)).toBe(true);
      expect(v.problems.map((p) => p.path)).toContain('router.management');
      const address = await lanLinkLocal(theVm(), LAB.lanInterface, LAB.pcInterface);
      const viaLan = (): Promise<VmSession> => vmSession(theVm(), { viaPc: address });
      // The path works before the apply: the first connection (backup … switch) goes over it.
      const timeoutS = 20;
      const okAt = new Map<string, number>();
      const result = await applyProfile({
        profile: locked,
        confirmTimeoutS: timeoutS,
        connect: viaLan,
        onEvent: (e) => {
          if (e.status === 'ok') okAt.set(e.step, Date.now());
        },
      });
      expect(result.ok).toBe(false);
      expect(result.message, result.log).toMatch(
        /^reconnect failed: could not connect again after the switch/,
      );
      expect(result.message).toMatch(
        /likely cause: the new IPv6 firewall accepts SSH \(port 22\) from nowhere \(router\.management: fromLan is off/,
      );
      expect(result.message).toMatch(/restores the old settings by itself within 20 s of the switch/);
      const switchedAt = okAt.get(result.plan.stages.at(-1) ?? '') ?? 0;
      expect(switchedAt, result.log).toBeGreaterThan(0);
      const seen = await waitForRevert(theVm(), 120_000);
      expect(seen, seen.log).toMatchObject({ by: 'reverted', finished: true });
      const after = (seen.decidedAt - switchedAt) / 1000;
      process.stdout.write(`lock-out: the router reverted ${after.toFixed(1)} s after the switch finished\n`);
      expect(after).toBeGreaterThan(timeoutS - 2);
      expect(after).toBeLessThan(timeoutS + 8);
      expect(await snapshot()).toBe(before);
      // Reachable again over the very path the new rules had shut.
      const s = await viaLan();
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );

  it(
    'a wrong sudo password: a clear error before anything runs as root, nothing changed',
    { timeout: 180_000 },
    async () => {
      const fingerprint = await addSudoUser(theVm(), 'admin', 'the right one');
      const backups = async (): Promise<string> =>
        (await theVm().exec(['bash', '-c', 'ls -1 /var/backups/v6wizard 2>/dev/null; true'])).stdout;
      const backupsBefore = await backups();
      const home = mkdtempSync(join(tmpdir(), 'v6w-sudo-test-'));
      const asAdmin = (sudoPassword: string): ReturnType<typeof connect> =>
        connect({
          target: { host: '127.0.0.1', port: theVm().port, user: 'admin' },
          credentials: { kind: 'key', identityFile: theVm().ssh.clientKey },
          knownHostsFile: join(home, 'known_hosts'),
          acceptFingerprint: fingerprint,
          sudoPassword,
        });
      try {
        // The control: with the right password, sudo through the same layer makes the commands root.
        const right = await asAdmin('the right one');
        try {
          const id = await right.exec(['id', '-u'], { sudo: true });
          expect(id.stdout.trim(), id.stderr).toBe('0');
        } finally {
          await right.close();
        }
        const result = await applyProfile({
          profile,
          connect: () => asAdmin('not the password'),
          secrets: ['not the password'],
        });
        expect(result.ok).toBe(false);
        expect(result.changed).toBe(false);
        expect(result.message).toMatch(
          /^preflight failed: sudo on \[127\.0\.0\.1\]:\d+ did not accept the password.*; nothing was run as root/,
        );
        expect(result.message).toMatch(/nothing on the router was changed$/);
        expect(result.log).not.toContain('not the password');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
      expect(await backups()).toBe(backupsBefore);
      expect(await snapshot()).toBe(before);
    },
  );
});
