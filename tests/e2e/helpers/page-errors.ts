import type { Page } from 'playwright-core';

/**
 * Collects what would otherwise pass silently in a browser: uncaught exceptions, console errors (CSP
 * violations are reported there) and failed requests. A test asserts the list is empty at the end.
 */
export function watchPage(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`),
  );
  return errors;
}
