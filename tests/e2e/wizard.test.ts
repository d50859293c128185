import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile/types';
import { launchChromium } from './helpers/browser';
import { cliExport, expectSameExport } from './helpers/export-compare';
import { buildForE2E, ROOT, startHost, type Host } from './helpers/host';
import { watchPage } from './helpers/page-errors';
import { Screenshots } from './helpers/screenshots';
import { Journey, STEP_TITLES, type InputMode } from './helpers/wizard';

/**
 * A new person goes from Start to an export in the browser host, three times: a new profile filled
 * through the paste box, an example profile with the mouse, and an example profile with the keyboard
 * only. Every step is checked by axe and photographed (test-results/e2e/<run>/), and each export must
 * equal, byte for byte, what the CLI exports for the same profile.
 */

/** A broker's iproute2 example as a person would copy it from a terminal, with values unlike the defaults. */
const PASTED = [
  '$ sudo ip tunnel add he-e2e mode sit remote 192.0.2.77 local 198.51.100.99 ttl 255',
  '$ sudo ip link set he-e2e up',
  '$ sudo ip addr add 2001:db8:0:77::2/64 dev he-e2e',
  '$ sudo ip route add ::/0 dev he-e2e',
].join('\r\n');

describe('the wizard end to end in Chromium (browser host)', () => {
  let host: Host | undefined;
  let browser: Browser | undefined;
  let work = '';

  beforeAll(async () => {
    buildForE2E();
    host = await startHost();
    browser = await launchChromium();
    work = mkdtempSync(join(tmpdir(), 'v6wizard-e2e-'));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  /** A fresh page (own downloads, own storage) with the host's URL open and the Start step checked. */
  async function start(
    run: string,
    mode: InputMode,
  ): Promise<{ journey: Journey; page: Page; errors: string[] }> {
    const context = await browser!.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto(host!.url);
    const journey = new Journey(page, new Screenshots(run), mode);
    await journey.arrive('Start');
    return { journey, page, errors };
  }

  /** Next, Next, … from the current step to Export, checking each step on the way. */
  async function walkTo(journey: Journey, from: (typeof STEP_TITLES)[number]): Promise<void> {
    const to = STEP_TITLES.indexOf('Export');
    for (const title of STEP_TITLES.slice(STEP_TITLES.indexOf(from) + 1, to + 1)) await journey.next(title);
  }

  /**
   * Where one side of a comparison exports: `<work>/<side>/<name>`. Both sides use the same folder
   * name, because README.txt tells the person to `cd` into it.
   */
  function exportDir(side: 'ui' | 'cli', name: string): string {
    mkdirSync(join(work, side), { recursive: true });
    return join(work, side, name);
  }

  /** Export to a new folder through the page; returns the folder. */
  async function exportFolder(journey: Journey, name: string): Promise<string> {
    const dir = exportDir('ui', name);
    await journey.type(journey.field('Folder on the machine running v6wizard'), dir);
    await journey.press(journey.button('Export to this folder'));
    await journey.status(/Exported \d+ files to /);
    await journey.shots.take(journey.page, 'Export-done');
    return dir;
  }

  /**
   * The .tar.gz the page offers, unpacked, against the CLI's export into a folder of the same name
   * (the archive's bytes hold the time it was made, so the files inside are what is compared).
   */
  async function expectArchiveLikeCli(journey: Journey, profilePath: string, run: string): Promise<void> {
    const download = journey.page.waitForEvent('download');
    await journey.press(journey.button('Download .tar.gz'));
    const archive = join(work, `${run}.tar.gz`);
    await (await download).saveAs(archive);
    const unpacked = join(work, `${run}-unpacked`);
    mkdirSync(unpacked);
    const tar = spawnSync('tar', ['-xzf', archive, '-C', unpacked], { encoding: 'utf8' });
    expect(tar.status, tar.stderr).toBe(0);
    const [top, ...more] = readdirSync(unpacked);
    expect(more).toEqual([]);
    const fromCli = exportDir('cli', top ?? '');
    cliExport(profilePath, fromCli);
    expect(expectSameExport(join(unpacked, top ?? ''), fromCli)).toBeGreaterThan(5);
  }

  async function exampleJourney(run: string, mode: InputMode, example: string): Promise<void> {
    const { journey, page, errors } = await start(run, mode);
    try {
      await journey.choose(journey.field('Example profile'), example);
      await journey.press(journey.button('Open the example'));
      await journey.arrive('Router', 'opened');
      await walkTo(journey, 'Router');
      const profilePath = join(ROOT, 'examples', `${example}.json`);
      const fromUi = await exportFolder(journey, `${run}-export`);
      const fromCli = exportDir('cli', `${run}-export`);
      cliExport(profilePath, fromCli);
      expect(expectSameExport(fromUi, fromCli)).toBeGreaterThan(5);
      await expectArchiveLikeCli(journey, profilePath, run);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }

  it('a new profile through the paste box, with the mouse', async () => {
    const { journey, page, errors } = await start('paste', 'pointer');
    try {
      await journey.press(journey.button('Start a new profile'));
      await journey.arrive('Router');
      await journey.type(journey.field('Profile name'), 'e2e-paste');
      await journey.next('Tunnel');

      // A typo first: Next must not move on, and the error summary takes focus and leads to the field.
      await journey.type(journey.field('Broker server IPv4 address'), '192.0.2.300');
      await journey.press(journey.button('Next: LAN & router advertisements'));
      const summary = page.getByRole('alert').filter({ hasText: 'Fix these before you go on' });
      await expect.poll(() => journey.hasFocus(summary)).toBe(true);
      await journey.arrive('Tunnel', 'error-summary');
      await journey.press(summary.getByRole('link', { name: /Broker server IPv4 address/ }));
      await expect.poll(() => journey.hasFocus(journey.field('Broker server IPv4 address'))).toBe(true);

      await journey.type(journey.field('Text from the broker'), PASTED);
      await journey.press(journey.button('Read the text'));
      const understood = page.getByRole('region', { name: /^Recognised as:/ });
      await expect
        .poll(() => understood.innerText())
        .toMatch(/Recognised as: Hurricane Electric, Linux iproute2/);
      // Nothing was left unread and nothing contradicted itself.
      expect(await understood.innerText()).not.toMatch(/not understood|contradict/i);
      await journey.arrive('Tunnel', 'pasted');
      await journey.press(journey.button('Fill in these fields'));
      // Five changed: the TTL pasted (255) is the default already.
      await journey.status(/Filled in 5 fields/);
      expect(await journey.field('Broker server IPv4 address').inputValue()).toBe('192.0.2.77');
      expect(await journey.field('Broker tunnel IPv6 address').inputValue()).toBe('2001:db8:0:77::1');
      // The broker's routed prefix is not in its command example: the person types it.
      await journey.type(journey.field('Routed prefix'), '2001:db8:1::/56');
      await journey.arrive('Tunnel', 'filled');
      await walkTo(journey, 'Tunnel');

      const download = page.waitForEvent('download');
      await journey.press(journey.button('Save the profile'));
      const profilePath = join(work, 'paste-profile.json');
      await (await download).saveAs(profilePath);
      const saved = JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;
      expect(saved.name).toBe('e2e-paste');
      expect(saved.tunnel).toMatchObject({
        serverIpv4: '192.0.2.77',
        localIpv4: '198.51.100.99',
        clientIpv6: '2001:db8:0:77::2/64',
        serverIpv6: '2001:db8:0:77::1',
        interface: 'he-e2e',
        ttl: 255,
        routedPrefix: '2001:db8:1::/56',
      });

      const fromUi = await exportFolder(journey, 'paste-export');
      const fromCli = exportDir('cli', 'paste-export');
      cliExport(profilePath, fromCli);
      expect(expectSameExport(fromUi, fromCli)).toBeGreaterThan(5);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('an example profile (systemd-networkd, Kea stateful), with the mouse', async () => {
    await exampleJourney('example-networkd-kea', 'pointer', 'networkd-kea-stateful');
  });

  it('an example profile (netplan, dnsmasq stateless), with the keyboard only', async () => {
    await exampleJourney('keyboard-netplan-dnsmasq', 'keyboard', 'netplan-dnsmasq-stateless');
  });
});
