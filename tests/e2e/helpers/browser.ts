import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (apt). Playwright's own browsers are never downloaded (`playwright install` is not run). */
export const CHROMIUM_PATH = process.env['V6WIZARD_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * The flags for Debian's chromium in a root container: no sandbox (chromium refuses to start as root
 * with it), headless, and nothing that phones home or waits on the network, so runs are repeatable
 * and offline.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Launches chromium for a test; fails loudly (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `end-to-end tests need Chromium at ${CHROMIUM_PATH} and it is not there: apt-get install chromium ` +
        '(or set V6WIZARD_CHROMIUM to another Chromium binary)',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
