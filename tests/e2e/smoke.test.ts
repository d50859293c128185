import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './helpers/axe';
import { launchChromium } from './helpers/browser';
import { buildForE2E, startHost, type Host } from './helpers/host';
import { watchPage } from './helpers/page-errors';
import { Screenshots } from './helpers/screenshots';

/**
 * The first end-to-end check: the browser host serves the wizard to Debian's Chromium, the page works
 * with the token from the printed URL and refuses without it, and axe finds nothing.
 */
describe('browser host smoke test (Chromium)', () => {
  let host: Host | undefined;
  let browser: Browser | undefined;
  const shots = new Screenshots('smoke');

  beforeAll(async () => {
    buildForE2E();
    host = await startHost();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function open(url: string): Promise<{ page: Page; status: number | undefined; errors: string[] }> {
    const page = await browser!.newPage();
    const errors = watchPage(page);
    const response = await page.goto(url, { waitUntil: 'load' });
    return { page, status: response?.status(), errors };
  }

  it('loads with the token: a heading, no console errors or CSP violations, no axe violations', async () => {
    const { page, status, errors } = await open(host!.url);
    try {
      expect(status).toBe(200);
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor({ state: 'visible', timeout: 10_000 });
      expect((await heading.innerText()).trim()).not.toBe('');
      expect(await page.title()).toMatch(/v6wizard/i);
      await shots.take(page, 'first-step');
      await expectNoAxeViolations(page, 'first step');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('asks before New throws away unsaved changes, and keeps them when the person says no', async () => {
    const { page, errors } = await open(host!.url);
    try {
      await page.getByRole('button', { name: 'Start a new profile' }).click();
      const wan = page.locator('#f-router-wanInterface');
      await wan.fill('wan-kept');
      const asked: string[] = [];
      page.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await page.getByRole('group', { name: 'Profile file' }).getByRole('button', { name: 'New' }).click();
      expect(asked).toEqual([expect.stringMatching(/not saved/)]);
      expect(await wan.inputValue()).toBe('wan-kept');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('refuses the page without the token, and with a wrong one', async () => {
    for (const url of [`${host!.origin}/`, `${host!.origin}/?token=${'0'.repeat(64)}`]) {
      const { page, status } = await open(url);
      try {
        expect(status).toBe(403);
        // The refusal explains itself and runs none of the app.
        expect(await page.locator('body').innerText()).toMatch(/token/i);
        expect(await page.locator('script').count()).toBe(0);
        await shots.take(page, url.includes('token=') ? 'wrong-token' : 'no-token');
      } finally {
        await page.close();
      }
    }
  });

  it('the axe check can fail: an unlabelled input and an image without alt text are reported', async () => {
    const page = await browser!.newPage();
    try {
      await page.setContent(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png"><input></main></html>',
      );
      await expect(expectNoAxeViolations(page, 'broken page')).rejects.toThrow(/image-alt[\s\S]*label/);
    } finally {
      await page.close();
    }
  });
});
