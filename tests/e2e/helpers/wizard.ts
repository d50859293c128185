import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations } from './axe';
import type { PageGlobals } from './page-globals';
import type { Screenshots } from './screenshots';

/** The wizard's step titles in order (renderer/src/i18n/en.ts `step.*.title`). */
export const STEP_TITLES = [
  'Start',
  'Router',
  'Tunnel',
  'LAN & router advertisements',
  'DHCPv6',
  'Firewall',
  'Duplicate Address Detection',
  'Review',
  'Export',
  'Apply',
] as const;
export type StepTitle = (typeof STEP_TITLES)[number];

/**
 * How the person works the page. `keyboard`: only keys are sent (Tab, Shift+Tab, Enter, Space, arrows
 * and typing); the test only *reads* the page to know when focus has arrived. `pointer`: clicks and
 * Playwright's fill, like a mouse user.
 */
export type InputMode = 'pointer' | 'keyboard';

const MAX_TABS = 250;

/**
 * One person going through the wizard in one page. Every step it reaches is checked the same way
 * (`arrive`): the heading says "Step n of 10" and the title, the window title agrees, axe finds nothing,
 * and a screenshot is saved.
 */
export class Journey {
  constructor(
    readonly page: Page,
    readonly shots: Screenshots,
    readonly mode: InputMode,
  ) {}

  /** Checks the step now shown and records it. */
  async arrive(title: StepTitle, note = ''): Promise<void> {
    const n = STEP_TITLES.indexOf(title) + 1;
    const heading = this.page.getByRole('heading', { level: 1 });
    await expect
      .poll(() => heading.innerText(), { timeout: 10_000 })
      .toMatch(new RegExp(`Step ${n} of ${STEP_TITLES.length}\\W+${escapeRe(title)}`));
    await expect.poll(() => this.page.title()).toContain(title);
    const label = note === '' ? title : `${title}-${note}`;
    await this.shots.take(this.page, label);
    await expectNoAxeViolations(this.page, label);
  }

  /** Whether `target` has the keyboard focus now. */
  async hasFocus(target: Locator): Promise<boolean> {
    return target.evaluate(
      (el: unknown) => el === (globalThis as unknown as PageGlobals).document.activeElement,
    );
  }

  /** Moves focus with Tab until `target` has it (keyboard mode), failing after MAX_TABS presses. */
  async tabTo(target: Locator): Promise<void> {
    const handle = await target.elementHandle({ timeout: 10_000 });
    for (let i = 0; i < MAX_TABS; i += 1) {
      if (
        await handle.evaluate(
          (el: unknown) => el === (globalThis as unknown as PageGlobals).document.activeElement,
        )
      ) {
        return;
      }
      await this.page.keyboard.press('Tab');
    }
    throw new Error(
      `Tab never reached ${target.toString()} in ${MAX_TABS} presses: it is not keyboard-reachable`,
    );
  }

  /** Activates a button or link. */
  async press(target: Locator): Promise<void> {
    if (this.mode === 'pointer') return target.click();
    await this.tabTo(target);
    await this.page.keyboard.press('Enter');
  }

  /** Replaces a text field's value. */
  async type(target: Locator, value: string): Promise<void> {
    if (this.mode === 'pointer') return target.fill(value);
    await this.tabTo(target);
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(value);
  }

  /** Chooses an option of a <select> by its visible text. */
  async choose(target: Locator, optionText: string): Promise<void> {
    if (this.mode === 'pointer') {
      await target.selectOption({ label: optionText });
      return;
    }
    await this.tabTo(target);
    const texts = await target.locator('option').allInnerTexts();
    const want = texts.findIndex((t) => t.trim() === optionText);
    if (want < 0) throw new Error(`no option "${optionText}" in ${texts.join(', ')}`);
    // Arrow keys change a focused <select> without opening it; go to the top, then down to the option.
    await this.page.keyboard.press('Home');
    for (let i = 0; i < want; i += 1) await this.page.keyboard.press('ArrowDown');
    await expect
      .poll(() => target.evaluate((el: unknown) => (el as { selectedIndex: number }).selectedIndex))
      .toBe(want);
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  /** "Next: …" at the bottom of the step, then checks the step it leads to. */
  async next(to: StepTitle, note = ''): Promise<void> {
    await this.press(this.button(`Next: ${to}`));
    await this.arrive(to, note);
  }

  /** The status line's text once it matches `pattern` (the page announces results there). */
  async status(pattern: RegExp): Promise<string> {
    const status = this.page.getByRole('status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toMatch(pattern);
    return status.innerText();
  }
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
