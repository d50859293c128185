import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { electronAbsentBanner, electronBinary } from './helpers/electron';
import { cliExport, expectSameExport } from './helpers/export-compare';
import { buildForE2E, ROOT } from './helpers/host';
import { watchPage } from './helpers/page-errors';
import { Screenshots } from './helpers/screenshots';
import { Journey, STEP_TITLES } from './helpers/wizard';

/**
 * The example journey of wizard.test.ts in the real Electron window, through Playwright's Electron
 * support. Where no Electron binary exists (these build machines) it prints a banner saying it did
 * not run, and is reported as skipped, never as passed.
 */
describe('the wizard end to end in Electron', () => {
  const binary = electronBinary();
  let app: ElectronApplication | undefined;
  let work = '';

  afterAll(async () => {
    await app?.close();
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('an example profile from Start to an export equal to the CLI export', async (ctx) => {
    if (binary === undefined) {
      console.warn(electronAbsentBanner());
      ctx.skip();
      return;
    }
    buildForE2E();
    work = mkdtempSync(join(tmpdir(), 'v6wizard-e2e-electron-'));
    app = await _electron.launch({ executablePath: binary, args: [ROOT], cwd: ROOT });
    const page = await app.firstWindow();
    const errors = watchPage(page);
    const journey = new Journey(page, new Screenshots('electron-example'), 'pointer');
    await journey.arrive('Start');
    await journey.choose(journey.field('Example profile'), 'he-ifupdown-slaac');
    await journey.press(journey.button('Open the example'));
    await journey.arrive('Router', 'opened');
    for (const title of STEP_TITLES.slice(
      STEP_TITLES.indexOf('Router') + 1,
      STEP_TITLES.indexOf('Export') + 1,
    ))
      await journey.next(title);

    // The native folder dialog cannot be driven; answer it in the main process with the folder.
    mkdirSync(join(work, 'ui'));
    mkdirSync(join(work, 'cli'));
    const fromUi = join(work, 'ui', 'he-export');
    await app.evaluate(({ dialog }, dir) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [dir] });
    }, fromUi);
    await journey.press(journey.button('Choose a folder and export…'));
    await journey.status(/Exported \d+ files to /);
    const fromCli = join(work, 'cli', 'he-export');
    cliExport(join(ROOT, 'examples/he-ifupdown-slaac.json'), fromCli);
    expect(expectSameExport(fromUi, fromCli)).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  }, 240_000);
});
