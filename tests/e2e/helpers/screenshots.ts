import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './host';

/** Where every end-to-end run leaves its screenshots (test-results/ is gitignored). */
export const SHOTS_ROOT = join(ROOT, 'test-results/e2e');

/**
 * Numbered full-page screenshots for one run, in test-results/e2e/<run>/NN-<step>.png, so the folder
 * reads in the order the person went through the wizard. The run's folder is emptied first: old
 * pictures from an earlier UI must not pass for new ones.
 */
export class Screenshots {
  private count = 0;
  readonly dir: string;

  constructor(run: string) {
    this.dir = join(SHOTS_ROOT, run.replace(/[^A-Za-z0-9_-]+/g, '-'));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Saves the page as it is now; returns the file's path. */
  async take(page: Page, step: string): Promise<string> {
    this.count += 1;
    const name = `${String(this.count).padStart(2, '0')}-${step.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`;
    const file = join(this.dir, name);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
