import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProfile, planApply, rollback, type ApplyResult } from '../../electron/apply/engine';
import type { ApplyStep } from '../../shared/plan/types';
import { connect } from '../../electron/ssh/connect';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { validateProfile } from '../../shared/validate';
import { prepareRouter } from '../lab/vm/example-setup';
import { LAB } from '../lab/vm/lab-net';
import type { Vm } from '../lab/vm/vm';
import { bootLabRouter } from './vm-router';
import { vmSession, type VmSession } from './vm-session';
import { bootGuards, lanLinkLocal, revertTimers, snapshot as snapshot0, waitForRevert } from './vm-state';
import { addSudoUser } from './vm-sudo-user';
import * as sh from '../../electron/apply/scripts';

/**
 * Faults that only the router's own timer can repair, against one router VM: the connection killed
 * before the switch (after the check step already put scripts in place) and a profile whose IPv6
 * firewall shuts out the management path; a wrong sudo password, and a cancel after the timer is
 * armed, through the app's real SSH layer as a non-root user; then the router's power cut at the
 * moment a locked-out person cuts it (after the switch, before the confirmation, with a lock-out
 * profile), in the middle of the switch and while the confirmation is on its way (issue 11's three most
 * dangerous cuts), each repaired by the boot guard. Each must end in exactly the state before the
 * apply (or, once confirmed, the new one), with the router reachable and nothing of the apply left to
 * fire. Both faults at every other step are `npm run faults:sweep`'s, outside `npm test` for time.
 * Nothing is skipped: without root, qemu or the image the file fails.
 */
let vm: Vm | undefined;
const theVm = (): Vm => {
  if (!vm) throw new Error('the router VM did not boot (see beforeAll)');
  return vm;
};
let profile: Profile;
let before: string;
const snapshot = (): Promise<string> => snapshot0(theVm(), profile);

/** The non-root administrator's sudo password: it must work for sudo and never reach a log. */
const SUDO_PASSWORD = 'sudo-PASSWORD-xyz';
let sudoUser: Promise<string> | undefined;
/** The user `admin` with SUDO_PASSWORD (made once, by whichever test needs it first): the host key's fingerprint. */
const admin = (): Promise<string> => (sudoUser ??= addSudoUser(theVm(), 'admin', SUDO_PASSWORD));

beforeAll(async () => {
  ({ vm, profile } = await bootLabRouter('apply-faults', 'he-ifupdown-slaac.json'));
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
      expect(placed.trim().split('\n')).toEqual(early.map((f) => f.path).sort());
      const seen = await waitForRevert(theVm(), 120_000);
      expect(seen, seen.log).toMatchObject({ by: 'reverted', finished: true });
      expect(await snapshot()).toBe(before);
      const s = await vmSession(theVm());
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );

  it(
    "an app gone before arming frees the router's lock after its time before arming; an apply that would arm later than that changes nothing",
    { timeout: 180_000 },
    async () => {
      const beforeArmS = 8;
      let refuse = false;
      let first: VmSession | undefined;
      let backedUpAt = 0;
      const gone = await applyProfile({
        profile,
        connect: async () => {
          if (refuse) throw new Error('network unreachable (test)');
          first = await vmSession(theVm());
          return first;
        },
        onEvent: (e) => {
          if (e.step === 'backup' && e.status === 'ok') backedUpAt = Date.now();
        },
        testHooks: {
          lockBeforeArmS: beforeArmS,
          beforeStep: (step) => {
            // Backed up, lock taken, nothing changed: the app loses the router for good.
            if (step === 'upload') {
              refuse = true;
              first?.kill();
            }
            return Promise.resolve();
          },
        },
      });
      expect(gone.message, gone.log).toMatch(/^upload failed: the ssh connection (dropped|is closed)/);
      expect(gone.message).toMatch(/nothing was put in place \(the revert timer was not armed yet\)/);
      // Held for now: a second apply is told whose apply it is and when the lock lets go.
      const refused = await applyProfile({ profile, connect: () => vmSession(theVm()) });
      expect(refused.message, refused.log).toMatch(
        /^backup failed: another apply to this router is running: since .* UTC from \S+ \(it ends by \d\d:\d\d UTC if that apply stopped before changing anything, by \d\d:\d\d UTC at the latest\); nothing was changed/,
      );
      // Then it lets go by itself: the next apply gets the lock. It arms too late for its own (short)
      // time before arming, so it stops there, changing nothing.
      await new Promise((r) => setTimeout(r, Math.max(0, backedUpAt + (beforeArmS + 2) * 1000 - Date.now())));
      const late = await applyProfile({
        profile,
        connect: () => vmSession(theVm()),
        testHooks: {
          lockBeforeArmS: 2,
          beforeStep: (step) =>
            step === 'arm' ? new Promise((r) => setTimeout(r, 5000)) : Promise.resolve(),
        },
      });
      expect(late.message, late.log).toMatch(
        /^arm failed: .*the router's apply lock was freed before the revert was armed .*nothing was changed/,
      );
      expect(late.message).toMatch(/rolled back: the router is as it was before/);
      expect(late.log).toContain('that apply stopped before it changed anything: nothing to restore');
      // Neither backup is offered for a rollback on request (neither changed anything), no lock is held.
      const left = await theVm().exec([
        'bash',
        '-c',
        `${sh.LATEST_BACKUP}\nfor d in "$1"/*/; do test -e "$d/not-armed" && echo "not armed: $d"; done; systemctl list-units --plain --no-legend 'v6wizard-lock-*' | grep -c running`,
        'latest',
        '/var/backups/v6wizard',
      ]);
      const lines = left.stdout.trim().split('\n');
      expect(lines.filter((l) => l.startsWith('not armed: ')).length).toBe(2);
      expect(lines.filter((l) => l.startsWith('/var/backups/'))).toEqual([]);
      expect(lines.at(-1)).toBe('0');
      expect(await revertTimers(theVm())).toBe('');
      expect(await bootGuards(theVm())).toBe('');
      expect(await snapshot()).toBe(before);
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
      const fingerprint = await admin();
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
        const right = await asAdmin(SUDO_PASSWORD);
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

  it(
    'cancel after the timer is armed: the running step ends, the rest is cancelled, rolled back at once; no secret in the log',
    { timeout: 180_000 },
    async () => {
      const fingerprint = await admin();
      const home = mkdtempSync(join(tmpdir(), 'v6w-cancel-test-'));
      const abort = new AbortController();
      const events: string[] = [];
      let result;
      try {
        result = await applyProfile({
          profile,
          // As a non-root user, so the sudo password travels with every command (sudo -S on stdin).
          connect: () =>
            connect({
              target: { host: '127.0.0.1', port: theVm().port, user: 'admin' },
              credentials: { kind: 'key', identityFile: theVm().ssh.clientKey },
              knownHostsFile: join(home, 'known_hosts'),
              acceptFingerprint: fingerprint,
              sudoPassword: SUDO_PASSWORD,
            }),
          secrets: [SUDO_PASSWORD],
          signal: abort.signal,
          onEvent: (e) => events.push(`${e.step}:${e.status}`),
          testHooks: {
            beforeStep: (step) => {
              // The person presses Cancel as the install starts: the timer is armed, files are checked.
              if (step === 'install') abort.abort();
              return Promise.resolve();
            },
          },
        });
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
      expect(result.ok).toBe(false);
      expect(result.changed).toBe(false);
      expect(result.message, result.log).toMatch(
        /^cancelled by the person; rolled back: the router is as it was before \(backup \/var\/backups\/v6wizard\//,
      );
      // The install that had started ran to its end (nothing half done); the next step never started.
      expect(events).toEqual(
        expect.arrayContaining(['arm:ok', 'install:ok', 'sysctl:skipped', 'rollback:ok']),
      );
      expect(events).not.toContain('sysctl:running');
      expect(result.log).toMatch(/sysctl skipped \d+%\ncancelled by the person/);
      expect(result.log).not.toContain(SUDO_PASSWORD);
      expect(result.message).not.toContain(SUDO_PASSWORD);
      // Rolled back by the app itself: no revert timer is left to fire later.
      expect(await revertTimers(theVm())).toBe('');
      expect(await snapshot()).toBe(before);
      const s = await vmSession(theVm());
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );

  interface CutOptions {
    /** Run on the router just before the cut (the apply waits for it). */
    beforeCut?: () => Promise<void>;
    /** Cut this long after the step started instead of before it. */
    delayMs?: number;
  }

  /**
   * A power cut at one step of an apply: the connection goes with it (the app cannot reach the router
   * again, as when the person's laptop lost it), the VM resets without a shutdown, and its next boot
   * must end in the old state (or, once confirmed, the new one): no unit of the apply left to fire.
   */
  const cutAt = async (
    applied: Profile,
    step: ApplyStep,
    viaLan: boolean,
    { beforeCut = () => Promise.resolve(), delayMs = 0 }: CutOptions = {},
  ): Promise<{ result: ApplyResult; by: string; ms: number; log: string }> => {
    let refuse = false;
    let first: VmSession | undefined;
    let cut: Promise<number> | undefined;
    const address = viaLan ? await lanLinkLocal(theVm(), LAB.lanInterface, LAB.pcInterface) : '';
    const powerCut = async (): Promise<number> => {
      refuse = true;
      first?.kill();
      return theVm().powerCut();
    };
    const result = await applyProfile({
      profile: applied,
      confirmTimeoutS: 60,
      connect: async () => {
        if (refuse) throw new Error('the router lost power (test)');
        first = await vmSession(theVm(), viaLan ? { viaPc: address } : {});
        return first;
      },
      testHooks: {
        beforeStep: async (s) => {
          if (s !== step) return;
          await beforeCut();
          if (delayMs === 0) {
            cut = powerCut();
            await cut;
            return;
          }
          // The step starts and is on its way when the power goes.
          cut = new Promise((r) => setTimeout(r, delayMs)).then(powerCut);
        },
      },
    });
    const ms = await (cut ?? Promise.reject(new Error(`the apply never reached ${step}`)));
    await prepareRouter(theVm(), profile);
    const r = await theVm().exec([
      'bash',
      '-c',
      'd=$(ls -d /var/backups/v6wizard/*/ | tail -n1); cat "$d/decision/by" 2>/dev/null; echo; cat "$d/restore.log" 2>/dev/null',
    ]);
    const [by = '', ...log] = r.stdout.split('\n');
    return { result, by, ms, log: log.join('\n') };
  };

  it(
    'a lock-out profile and a power cut after the switch, before the confirmation: reverted at boot, reachable again over the path the new rules shut',
    { timeout: 360_000 },
    async () => {
      // The lab primitive itself: one file synced to the disk, one only in /run (memory).
      const bootId = async (): Promise<string> =>
        (await theVm().exec(['cat', '/proc/sys/kernel/random/boot_id'])).stdout.trim();
      const first = await bootId();
      const marked = await theVm().exec([
        'sh',
        '-c',
        'echo kept >/root/power-cut-marker && sync && echo lost >/run/power-cut-marker',
      ]);
      expect(marked.code).toBe(0);
      const locked = structuredClone(profile);
      locked.router.management.fromLan = false;
      locked.router.management.allowFrom = [];
      // The boot guard started while the router runs (by hand here) must do nothing: only a boot may
      // restore and reboot.
      let byHand = '';
      const { result, by, ms, log } = await cutAt(locked, 'reconnect', true, {
        beforeCut: async () => {
          const r = await theVm().exec([
            'bash',
            '-c',
            'd=$(ls -d /var/backups/v6wizard/*/ | tail -n1); bash "$d/restore.sh" --at-boot; echo "exit $?"; tail -n1 "$d/restore.log"; test -e "$d/decision/by" && echo decided',
          ]);
          byHand = r.stdout;
        },
      });
      expect(byHand).toMatch(
        /^exit 0\nnot at boot \(the system is (running|degraded)\): the boot guard does nothing\n$/,
      );
      // A real cut: a new boot, what was synced kept, /run gone.
      expect(await bootId()).not.toBe(first);
      const markers = await theVm().exec([
        'sh',
        '-c',
        'cat /root/power-cut-marker; test -e /run/power-cut-marker && echo run-survived; rm -f /root/power-cut-marker',
      ]);
      expect(markers.stdout.trim()).toBe('kept');
      expect(log).toContain('rebooting once so every daemon starts from the old files');
      process.stdout.write(`power cut after the switch: back in ${(ms / 1000).toFixed(1)} s (two boots)\n`);
      expect(await revertTimers(theVm())).toBe('');
      expect(result.ok).toBe(false);
      expect(result.message, result.log).toMatch(/^reconnect failed/);
      expect(by, log).toBe('reverted at boot');
      expect(await bootGuards(theVm())).toBe('');
      expect(await snapshot()).toBe(before);
      const address = await lanLinkLocal(theVm(), LAB.lanInterface, LAB.pcInterface);
      const s = await vmSession(theVm(), { viaPc: address });
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );
  it(
    'a power cut in the middle of the switch (firewall and network on, the rest not): the boot restores the old state and boots once more',
    { timeout: 300_000 },
    async () => {
      const { result, by, ms, log } = await cutAt(profile, 'dad', false);
      expect(result.ok).toBe(false);
      expect(result.message, result.log).toMatch(/^dad failed/);
      expect(by, log).toBe('reverted at boot');
      expect(log).toContain('rebooting once so every daemon starts from the old files');
      process.stdout.write(`power cut mid-switch: back in ${(ms / 1000).toFixed(1)} s (two boots)\n`);
      expect(await revertTimers(theVm())).toBe('');
      expect(await bootGuards(theVm())).toBe('');
      expect(await snapshot()).toBe(before);
    },
  );

  it(
    'a power cut while the confirmation is on its way: the router ends old, or new and confirmed, never between, with no guard left',
    { timeout: 300_000 },
    async () => {
      const { result, by, log } = await cutAt(profile, 'confirm', false, { delayMs: 150 });
      process.stdout.write(
        `power cut mid-confirm: the router decided "${by}"; the app said: ${result.message.split('\n')[0]}\n`,
      );
      expect(await bootGuards(theVm())).toBe('');
      expect(await revertTimers(theVm())).toBe('');
      if (by === 'confirmed') {
        // New and confirmed: everything the plan would write is in place after the boot.
        expect(result.message, result.log).toMatch(/(may have|had) reached the router|^applied/);
        const s = await vmSession(theVm());
        try {
          expect((await planApply(profile, s)).summary).toBe('no changes');
          expect((await rollback(s)).ok).toBe(true);
        } finally {
          await s.close();
        }
      } else {
        expect(result.ok).toBe(false);
        expect(by, log).toBe('reverted at boot');
      }
      expect(await snapshot()).toBe(before);
    },
  );
});
