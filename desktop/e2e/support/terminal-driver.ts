import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT = 20_000;

/** Waits until the element has the attribute value (playwright-core has no expect of its own). */
export async function waitForAttribute(locator: Locator, name: string, value: string, timeout = STEP_TIMEOUT): Promise<void> {
  await locator.and(locator.page().locator(`[${name}="${value}"]`)).waitFor({ timeout });
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

  /** A keyboard-wedge scanner: fast keystrokes ending in Enter. */
  async scan(barcode: string): Promise<void> {
    await this.byTestId('scan-input').focus();
    await this.page.keyboard.type(barcode, { delay: 5 });
    await this.page.keyboard.press('Enter');
  }

  async finalizeSale(): Promise<string> {
    await this.byTestId('finalize-sale').click();
    const toast = this.byTestId('toast');
    await toast.waitFor({ timeout: STEP_TIMEOUT });
    const text = (await toast.textContent()) ?? '';
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

  async open(screen: 'checkout' | 'history' | 'products'): Promise<void> {
    await this.byTestId(`nav-${screen}`).click();
  }

  async screenshot(file: string, outDir: string): Promise<string> {
    const path = join(outDir, file);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}
