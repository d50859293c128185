import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { chromium, type Browser } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { createAppProtocolHandler } from './app-protocol';

/**
 * The real renderer bundle, served by the real v6wizard:// handler with Electron's CSP, in Debian's
 * Chromium: the closest this machine gets to the Electron window. It catches what only shows in a
 * browser under that exact policy (an inline style or script, an eval, a fetch) before a user does.
 * Chromium cannot navigate to an unregistered custom scheme, so Playwright routes a stand-in origin
 * to the handler; the preload's `window.v6wizard` is stood in by an init script answering every channel.
 */

const root = join(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'http://v6wizard.test';
let out: string;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: this test needs Debian's chromium (apt-get install chromium)`);
  }
  out = mkdtempSync(join(tmpdir(), 'v6w-renderer-'));
  const resolved = await resolveConfig(
    { configFile: join(root, 'electron.vite.config.ts'), root, build: { outDir: out }, logLevel: 'silent' },
    'build',
    'production',
  );
  await build({ ...(resolved.config?.renderer as InlineConfig), logLevel: 'silent' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/**
 * Stands in for the preload: every channel answers a plausible Result, the menu hooks do nothing; and
 * every CSP violation is collected. A script text, because this project's tsconfigs have no DOM types.
 */
function fakePreloadScript(channels: readonly string[]): string {
  const answers = {
    'app:info': {
      version: '0.1.0',
      runtime: 'electron',
      secretStore: { available: false, backend: 'basic_text' },
    },
    'profile:recent': { paths: [] },
  };
  return `(() => {
    const answers = ${JSON.stringify(answers)};
    const api = { runtime: 'electron', onMenuCommand: () => () => {}, onOpenRecent: () => () => {} };
    for (const channel of ${JSON.stringify(channels)}) {
      api[channel] = () => Promise.resolve(channel in answers
        ? { ok: true, value: answers[channel] }
        : { ok: false, error: { code: 'CANCELLED', message: 'not in this test' } });
    }
    window.v6wizard = Object.freeze(api);
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  })();`;
}

describe('the renderer under the Electron CSP, in Chromium', () => {
  it('starts with no CSP violation, no page error and the first step on screen', async () => {
    const handler = createAppProtocolHandler({ root: join(out, 'renderer'), readFile: (p) => readFile(p) });
    const context = await browser!.newContext();
    try {
      await context.route(`${ORIGIN}/**`, async (route) => {
        const request = route.request();
        const res = await handler({
          url: request.url().replace(ORIGIN, 'v6wizard://app'),
          method: request.method(),
        });
        await route.fulfill({
          status: res.status,
          headers: Object.fromEntries(res.headers.entries()),
          body: Buffer.from(await res.arrayBuffer()),
        });
      });
      // Nothing else may be fetched: the CSP says so, and this makes any attempt fail loudly too.
      await context.route(
        (url) => !url.href.startsWith(ORIGIN),
        (route) => route.abort(),
      );
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.addInitScript({ content: fakePreloadScript(CHANNELS) });
      const response = await page.goto(`${ORIGIN}/index.html`);
      expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'/);
      await page.locator('h1').first().waitFor({ state: 'visible', timeout: 15_000 });
      const violations: unknown = await page.evaluate('window.cspViolations');
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
