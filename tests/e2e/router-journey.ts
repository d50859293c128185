import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Profile } from '../../shared/profile/types';
import { expectPcHasIpv6 } from '../apply/vm-router';
import { snapshot } from '../apply/vm-state';
import { addSudoUser } from '../apply/vm-sudo-user';
import { LAB } from '../lab/vm/lab-net';
import type { Vm } from '../lab/vm/vm';
import { expectNoAxeViolations } from './helpers/axe';
import { launchChromium } from './helpers/browser';
import { buildForE2E, startHost } from './helpers/host';
import { watchPage } from './helpers/page-errors';
import { Screenshots } from './helpers/screenshots';
import { Journey, STEP_TITLES } from './helpers/wizard';

/**
 * The whole promise in the browser host, against a real router VM (Debian, ifupdown, a real sit
 * tunnel to the lab's broker): open a profile, connect over SSH as a sudo user (trust on first use:
 * the fingerprint shown must be the router's), detect, compare on Review (a diff per file), apply on
 * the Apply step with progress and the router's own checks, the pc on the LAN gets working IPv6, a
 * second comparison says "no changes", the saved log holds no password, and Rollback puts the router
 * back exactly as it was. Nothing is skipped: without root, qemu or Chromium it fails.
 *
 * Run by tests/apply/apply.vm.test.ts on the router VM it boots anyway (the same example): one boot
 * and one router preparation less in `npm test`.
 */
const USER = 'netadmin';
const SUDO_PASSWORD = 'e2e-Sudo-pw-4711';

/** Waits until the element with this test id shows, for up to `ms`. */
async function shown(page: Page, testId: string, ms: number): Promise<string> {
  const el = page.getByTestId(testId);
  await el.waitFor({ state: 'visible', timeout: ms });
  return el.innerText();
}

/** The journey above on `vm`, a lab router prepared for `profile` with nothing of v6wizard's yet. */
export async function wizardAppliesToRouter(vm: Vm, profile: Profile): Promise<void> {
  buildForE2E();
  const work = mkdtempSync(join(tmpdir(), 'v6w-e2e-router-'));
  const fingerprint = await addSudoUser(vm, USER, SUDO_PASSWORD);
  const before = await snapshot(vm, profile);
  const profileFile = join(work, 'router-e2e.json');
  // One field the router contradicts (it runs Debian): detect must propose exactly that change and
  // nothing else — not the VM's management NIC as the LAN, which it once did.
  const opened = { ...profile, router: { ...profile.router, distro: 'ubuntu' } };
  writeFileSync(profileFile, `${JSON.stringify(opened, null, 2)}\n`);
  // The host's known_hosts lives in XDG_CONFIG_HOME: a fresh one, so the router is a first contact.
  const host = await startHost({ env: { XDG_CONFIG_HOME: join(work, 'config') } });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPage(page);
    const j = new Journey(page, new Screenshots('router-apply'), 'pointer');
    try {
      await page.goto(host.url);
      await j.arrive('Start');
      await page.getByLabel('Profile file (.json)').setInputFiles(profileFile);
      await j.arrive('Router', 'opened');

      // Connect: the first contact shows the router's fingerprint and stores nothing until accepted.
      await j.type(j.field('Router address'), '127.0.0.1');
      await j.type(j.field('Connect to port'), String(vm.port));
      await j.type(j.field('User'), USER);
      await page.getByLabel('A private key file').check();
      await j.type(j.field('Private key file'), vm.ssh.clientKey);
      await j.type(j.field('sudo password'), SUDO_PASSWORD);
      await j.press(j.button('Connect'));
      expect(await shown(page, 'host-key', 60_000)).toContain(fingerprint);
      await j.shots.take(page, 'Router-host-key');
      await expectNoAxeViolations(page, 'Router-host-key');
      await j.press(j.button('It matches: trust this key and connect'));
      expect(await shown(page, 'connected', 60_000)).toContain(fingerprint);
      expect(readFileSync(join(work, 'config/v6wizard/known_hosts'), 'utf8')).toContain(
        `[127.0.0.1]:${vm.port}`,
      );

      // Detect: what the router has; a proposed change is only used after a yes.
      await j.press(j.button('Detect from router'));
      const proposal = page.getByTestId('detect-proposal');
      await proposal.waitFor({ timeout: 120_000 });
      const proposed = await proposal.locator('tbody tr').allInnerTexts();
      expect(proposed.map((r) => r.split('\t').slice(0, 3).join(' | '))).toEqual([
        'router.distro | ubuntu | debian',
      ]);
      await j.shots.take(page, 'Router-detect-proposal');
      await expectNoAxeViolations(page, 'Router-detect-proposal');
      await j.press(j.button('Use the router’s values'));
      await page.getByText('Fields taken from the router: 1. Check them below.', { exact: true }).waitFor();
      const found = await page.getByTestId('detect-summary').textContent();
      expect(found).toMatch(/network configuration: ifupdown/);
      // As a non-root login: iptables in /usr/sbin is found all the same.
      expect(found).toMatch(/firewall backend: iptables-nft/);
      // Two interfaces could be the LAN (the VM's management NIC sorts first); the profile's lan0 is
      // one of them, so it stood (the proposal above has no router.lanInterface row).
      expect(found).toMatch(
        /LAN: eth0 — eth0 is up with the private address 10\.0\.2\.15, set by hand; also possible: lan0/,
      );
      await j.shots.take(page, 'Router-detected');
      await expectNoAxeViolations(page, 'Router-detected');

      for (const title of STEP_TITLES.slice(
        STEP_TITLES.indexOf('Router') + 1,
        STEP_TITLES.indexOf('Review') + 1,
      ))
        await j.next(title);

      // Plan on Review: every file new or changed, each with its diff.
      await j.press(j.button('Compare with the router'));
      const summary = await shown(page, 'plan-summary', 120_000);
      expect(summary).not.toMatch(/No changes/);
      const firstFile = page.locator('.plan-file summary').first();
      await firstFile.click();
      await expect.poll(() => page.locator('.plan-file pre.diff').first().innerText()).toMatch(/^\+/m);
      await j.shots.take(page, 'Review-plan');
      await expectNoAxeViolations(page, 'Review-plan');

      await j.next('Export');
      await j.next('Apply');
      await j.type(j.field('Seconds before the router reverts by itself'), '90');
      // The optional outside ping: a name is refused in words and blocks Apply; the lab's "internet"
      // address (behind the broker) is what a person's public DNS server would be.
      const outside = j.field('Also ping an outside IPv6 address (optional)');
      await j.type(outside, 'ipv6.google.com');
      await expect
        .poll(() => page.locator('#apply-outside-msg').innerText())
        .toMatch(/^Enter a global IPv6 address/);
      expect(await page.getByTestId('apply-button').isDisabled()).toBe(true);
      await j.shots.take(page, 'Apply-outside-invalid');
      await expectNoAxeViolations(page, 'Apply-outside-invalid');
      await j.type(outside, LAB.internetV6);
      await j.press(page.getByTestId('apply-button'));
      await page.getByTestId('apply-events').waitFor({ timeout: 30_000 });
      // Progress streams while it runs: the first steps show long before the outcome.
      await expect
        .poll(() => page.getByTestId('apply-events').innerText(), { timeout: 120_000 })
        .toMatch(/Back up: done/);
      await j.shots.take(page, 'Apply-running');
      const outcome = await shown(page, 'apply-outcome', 420_000);
      expect(outcome, await page.getByTestId('apply-events').innerText()).toMatch(/^Applied\./);
      // One row per check the router ran, each in words, all passed.
      const rows = await page.getByTestId('verify').locator('tbody tr').allInnerTexts();
      expect(rows.map((r) => r.split('\t').slice(0, 2).join(': '))).toEqual([
        'The tunnel is up: passed',
        'The broker’s end of the tunnel answers: passed',
        'The default route goes through the tunnel: passed',
        'IPv6 forwarding is on: passed',
        'Router advertisements reach the LAN: passed',
        'The firewall rules are loaded: passed',
        'The outside address answers the LAN address: passed',
        'No address is tentative or duplicate: passed',
        // ifupdown: what the apply set live, the boot configuration raises by itself.
        'The boot configuration brings the LAN and the tunnel back: passed',
      ]);
      expect(await page.getByTestId('apply-events').innerText()).toMatch(
        /Confirm \(disarm the timer\): done/,
      );
      await j.shots.take(page, 'Apply-done');
      await expectNoAxeViolations(page, 'Apply-done');

      // The pc on the router's LAN has working IPv6 through the tunnel.
      await expectPcHasIpv6(vm, profile);

      // The saved log: every step, no password.
      const download = page.waitForEvent('download');
      await j.press(j.button('Save the log (passwords removed)'));
      const logFile = join(work, 'apply.log');
      await (await download).saveAs(logFile);
      const log = readFileSync(logFile, 'utf8');
      expect(log).toMatch(/confirm ok/);
      expect(log).not.toContain(SUDO_PASSWORD);

      // Applying is idempotent: the router now has exactly these files.
      await j.press(j.button('Compare with the router'));
      await expect
        .poll(() => page.getByTestId('plan-summary').innerText(), { timeout: 120_000 })
        .toMatch(/No changes/);
      expect(await page.getByTestId('apply-button').isDisabled()).toBe(true);

      // Rollback: the router is exactly as before the apply.
      await j.press(page.getByTestId('rollback-button'));
      expect(await shown(page, 'rollback-result', 240_000)).toMatch(/^Rolled back/);
      await j.shots.take(page, 'Apply-rolled-back');
      expect(await snapshot(vm, profile)).toBe(before);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
    await host.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
