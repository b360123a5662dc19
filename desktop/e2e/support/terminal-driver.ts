import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The screens of the till, by the name of their nav button (`nav-<screen>`). */
export type TillScreen = 'checkout' | 'history' | 'products' | 'expenses' | 'reports' | 'settings';

/** An axe-core finding, as much of it as a failing test needs to say what is wrong. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | null = null;

const STEP_TIMEOUT = 20_000;

/** Waits until the element has the attribute value (playwright-core has no expect of its own). */
export async function waitForAttribute(locator: Locator, name: string, value: string, timeout = STEP_TIMEOUT): Promise<void> {
  await locator.and(locator.page().locator(`[${name}="${value}"]`)).waitFor({ timeout });
}

/** Waits until exactly `count` elements match (a list another query or page fills in its own time). */
export async function waitForCountOf(locator: Locator, count: number, timeout = STEP_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} × ${locator.toString()} (${await locator.count()} now)`);
    await locator.page().waitForTimeout(50);
  }
}

/** Drives one terminal's screens as a cashier would, by the data-testids of the renderer. */
export class TerminalDriver {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Taps each digit on the on-screen keypad with this test id, then (unless told not to) its OK key. */
  async tap(keypad: string, digits: string, ok = true): Promise<void> {
    const pad = this.byTestId(keypad);
    for (const digit of digits) await pad.getByTestId(`${keypad}-key-${digit}`).click();
    if (ok) await pad.getByTestId(`${keypad}-enter`).click();
  }

  async enroll(serverUrl: string, code: string): Promise<void> {
    await this.byTestId('enroll-server-url').fill(serverUrl, { timeout: STEP_TIMEOUT });
    await this.byTestId('enroll-code').fill(code);
    await this.byTestId('enroll-name').fill(this.name);
    await this.byTestId('enroll-submit').click();
    await this.byTestId('login-user').first().waitFor({ timeout: 60_000 });
  }

  async login(userName: string, pin: string): Promise<void> {
    await this.byTestId('login-user').filter({ hasText: userName }).click();
    await this.byTestId('login-pin').fill(pin);
    await this.byTestId('login-pin').press('Enter');
    await this.byTestId('scan-input').waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Taps a choice of a ChoiceGroup (the finger's dropdown), by its value or by its label, and waits until it is checked. */
  async choose(testId: string, choice: string | { label: string }, within: Locator | Page = this.page): Promise<void> {
    const options = within.getByTestId(testId).getByRole('radio');
    const option = typeof choice === 'string' ? options.and(this.page.locator(`[data-value="${choice}"]`)) : options.filter({ hasText: choice.label });
    await option.click({ timeout: STEP_TIMEOUT });
    await waitForAttribute(option, 'aria-checked', 'true');
  }

  /** A keyboard-wedge scanner: fast keystrokes ending in Enter. */
  async scan(barcode: string): Promise<void> {
    await this.byTestId('scan-input').focus();
    await this.page.keyboard.type(barcode, { delay: 5 });
    await this.page.keyboard.press('Enter');
  }

  /** Finalizes the cart and returns the text of this sale's toast (a previous sale's may still be showing). */
  async finalizeSale(): Promise<string> {
    const toasts = this.byTestId('toast');
    const before = new Set(await toasts.allTextContents());
    await this.byTestId('finalize-sale').click();
    let text = '';
    await this.pollUntil(async () => {
      text = (await toasts.allTextContents()).find((shown) => !before.has(shown)) ?? '';
      return text !== '';
    }, 'the toast of the new sale');
    expect(text).toContain('Vente enregistrée');
    return text;
  }

  async syncDotState(): Promise<string | null> {
    return this.byTestId('sync-dot').getAttribute('data-state');
  }

  async waitForDot(state: 'green' | 'yellow' | 'red', timeout = 60_000): Promise<void> {
    await waitForAttribute(this.byTestId('sync-dot'), 'data-state', state, timeout);
  }

  async syncNow(): Promise<void> {
    await this.byTestId('sync-now').click();
  }

  async open(screen: TillScreen): Promise<void> {
    await this.byTestId(`nav-${screen}`).click();
    await waitForAttribute(this.byTestId(`nav-${screen}`), 'aria-current', 'page');
  }

  /**
   * A keyboard-wedge scanner wherever the focus is: the keys go to whatever element has it
   * (a quantity field, a button, nothing), a few milliseconds apart, then Enter.
   */
  async scanAnywhere(barcode: string): Promise<void> {
    await this.page.keyboard.type(barcode, { delay: 5 });
    await this.page.keyboard.press('Enter');
  }

  /** A manager approves the protected action on screen with their PIN (the approval dialog). */
  async approve(managerName: string, pin: string): Promise<void> {
    const dialog = this.byTestId('approval-dialog');
    await dialog.waitFor({ timeout: STEP_TIMEOUT });
    await dialog.getByTestId('approval-user').filter({ hasText: managerName }).click();
    await dialog.getByTestId('approval-pin').fill(pin);
    await dialog.getByTestId('approval-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  }

  /**
   * Polls from the test side until the check holds: string predicates evaluated in the page
   * would be eval, which the renderer's CSP (script-src 'self') rightly refuses.
   */
  private async pollUntil(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await this.page.waitForTimeout(50);
    }
  }

  /** Waits until exactly `count` elements carry the test id (lists that shrink as filters apply). */
  async waitForCount(testId: string, count: number): Promise<void> {
    await waitForCountOf(this.byTestId(testId), count);
  }

  /** Waits until the field with the test id holds the value (what the app typed into it, a scan say). */
  async waitForValue(testId: string, value: string): Promise<void> {
    await this.pollUntil(async () => (await this.byTestId(testId).first().inputValue()) === value, `${testId} holds ${value}`);
  }

  /** Waits until the element with the test id reads exactly `text` (a summary that follows a live query). */
  async waitForText(testId: string, text: string): Promise<void> {
    await this.pollUntil(async () => (await this.byTestId(testId).first().textContent()) === text, `${testId} reads ${text}`);
  }

  /** Waits for a toast whose text matches, and returns its text. */
  async toast(matching: RegExp | string): Promise<string> {
    const toast = this.byTestId('toast').filter({ hasText: matching });
    await toast.waitFor({ timeout: STEP_TIMEOUT });
    return (await toast.textContent()) ?? '';
  }

  /** Locks the till (header button); the lock screen asks for the PIN. */
  async lock(): Promise<void> {
    await this.byTestId('lock').click();
    await this.byTestId('lock-screen').waitFor({ timeout: STEP_TIMEOUT });
  }

  async unlock(pin: string): Promise<void> {
    await this.byTestId('login-pin').fill(pin);
    await this.byTestId('login-pin').press('Enter');
    await this.byTestId('lock-screen').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  }

  /**
   * axe-core over the page as it is now: the serious and critical violations (an empty
   * list passes). The source is evaluated through the DevTools protocol, which the page's
   * strict CSP does not govern, so the app keeps its policy while it is checked.
   */
  async accessibilityViolations(): Promise<AxeViolation[]> {
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const loaded = await this.page.evaluate('typeof globalThis.axe === "object"');
    if (!loaded) await this.page.evaluate(axeSource);
    const violations = await this.page.evaluate<AxeViolation[]>(`globalThis.axe
      .run(document, { resultTypes: ['violations'] })
      .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => String(n.target)) })))`);
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  }

  async screenshot(file: string, outDir: string): Promise<string> {
    const path = join(outDir, file);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}
