import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { PageGlobals } from './page-globals';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** One violation per paragraph: rule, impact, what to fix, and every element it was found on. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    at ${JSON.stringify(n.target)}: ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      return `  ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/**
 * Runs axe-core on the page as it is now and throws with a readable list when anything is violated.
 * axe is evaluated through the DevTools protocol rather than added as a <script>: the app's CSP
 * (`script-src 'self'`) rightly refuses inline scripts, and loosening it for tests (bypassCSP) would
 * hide a CSP regression. `label` names the step in the message.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as Required<PageGlobals>;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  if (violations.length > 0) {
    throw new Error(
      `axe found ${violations.length} accessibility violation(s) on "${label}" (${page.url().replace(/token=[^&]+/, 'token=…')}):\n\n` +
        formatViolations(violations as AxeViolation[]),
    );
  }
}
