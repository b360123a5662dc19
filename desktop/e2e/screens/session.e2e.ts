import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CashSessionDetailDto } from '../../../backend/src/cash-sessions/dto/admin-cash-session.dto';
import { AdminCashSessionsService } from '../../../backend/src/cash-sessions/admin-cash-sessions.service';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

jest.setTimeout(300_000);

/** The cash session at the till, keyboard first: open with the float, sell, park a cart, pay out, close with a variance and the Z. */
describe('Session de caisse: open, park, pay out, X and Z reports (headless shell, real backend)', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: Array<{ id: string; barcode: string; price: number }>;

  beforeAll(async () => {
    env = await startShopEnv('screens-session');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; barcode: string; price: string }>>(
        `SELECT p.id, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 1000 AND 5000 ORDER BY p.sku LIMIT 2`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  async function shoot(name: string): Promise<void> {
    expect(await till.accessibilityViolations()).toEqual([]);
    for (const [width, height] of [[1024, 768], [1366, 768]] as const) {
      await till.page.setViewportSize({ width, height });
      await till.screenshot(`${name}-${width}x${height}.png`, testOutputDir);
    }
    await till.page.setViewportSize({ width: 1024, height: 768 });
  }

  it('[I11] a cashier opens and closes the day from the keyboard; the Z has the variance and equals the server’s figures', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    const [first, second] = shelf as [(typeof shelf)[number], (typeof shelf)[number]];
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(cashier.name, cashier.pin);
    await till.waitForDot('green');
    await waitForAttribute(till.byTestId('session-bar'), 'data-open', 'false');
    await shoot('session-bar-closed');

    // Open: F6, the counts typed in the grid (the first field has the focus), Enter.
    await till.page.keyboard.press('F6');
    await till.byTestId('session-screen').waitFor();
    await till.page.keyboard.type('2'); // 2 × 10 000
    await till.page.keyboard.press('Tab');
    await till.page.keyboard.type('1'); // 1 × 5 000
    await till.byTestId('open-total').getByText(/25\s000/).waitFor();
    await shoot('session-open');
    await till.page.keyboard.press('Enter');
    await till.toast(/Caisse ouverte avec un fond de 25/);
    await waitForAttribute(till.byTestId('session-bar'), 'data-open', 'true');

    // Two cash sales (F9).
    await till.scan(first.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${first.id}"]`).waitFor();
    await till.page.keyboard.press('F9');
    await till.toast('Vente enregistrée');
    await till.scan(second.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${second.id}"]`).waitFor();
    await till.page.keyboard.press('F9');
    await till.toast(/Vente enregistrée.*000002/);

    // Park a cart under a note (F7), serve someone else, resume it (F8, Enter).
    await till.scan(first.barcode);
    await till.scan(second.barcode);
    await till.page.keyboard.press('F7');
    await till.byTestId('park-dialog').waitFor();
    await till.page.keyboard.type('Dame au pagne bleu');
    await till.page.keyboard.press('Enter');
    await till.toast('Panier mis en attente');
    await till.byTestId('parked-carts').getByText('1 panier en attente').waitFor();
    await shoot('parked-cart-bar');
    await till.page.keyboard.press('F8');
    await till.byTestId('parked-dialog').waitFor();
    await shoot('parked-carts');
    await till.page.keyboard.press('Enter');
    await till.toast(/Panier « Dame au pagne bleu » repris/);
    await till.waitForCount('cart-line', 2);
    await till.page.keyboard.press('F9');
    await till.toast(/Vente enregistrée.*000003/);

    // A paid-out above the shop threshold: the manager's PIN.
    await till.page.keyboard.press('F6');
    await till.byTestId('session-paid-out').click();
    await till.byTestId('movement-amount').fill('12000');
    await till.byTestId('movement-reason').fill('Fournisseur de sacs');
    await till.byTestId('movement-submit').click();
    await till.approve(demo.manager.name, demo.manager.pin);
    await till.toast(/Sortie de 12/);
    const expected = 25_000 + 2 * first.price + 2 * second.price - 12_000;
    const digits = async (): Promise<string> => ((await till.byTestId('session-expected').textContent()) ?? '').replace(/\D/g, '');
    for (let attempt = 0; attempt < 100 && (await digits()) !== String(expected); attempt += 1) await till.page.waitForTimeout(100);
    expect(await digits()).toBe(String(expected));

    // X report, any time.
    await till.byTestId('session-x-report').click();
    await till.byTestId('receipt-preview').getByText(/RAPPORT X/).waitFor();
    await shoot('session-x-report');
    await till.page.keyboard.press('Escape');
    await till.byTestId('receipt-dialog').waitFor({ state: 'detached' });

    // Close, keyboard only: the count in the grid (500 short), Enter; the Z shows and prints.
    await till.byTestId('close-N10000').focus();
    const counted = expected - 500;
    const tens = Math.floor(counted / 10_000);
    const rest = counted - tens * 10_000;
    await till.page.keyboard.type(String(tens));
    for (let tab = 0; tab < 11; tab += 1) await till.page.keyboard.press('Tab'); // to the 10 F coins
    await till.page.keyboard.type(String(rest / 10));
    await till.byTestId('session-variance').getByText(/-500|−500/).waitFor();
    await shoot('session-close-variance');
    await till.page.keyboard.press('Enter');
    const z = till.byTestId('receipt-preview');
    await z.getByText(/RAPPORT Z T01-Z000001/).waitFor();
    const text = (await z.textContent()) ?? '';
    expect(text).toMatch(/ÉCART\s+[-\u2212]500\sF\sCFA/);
    expect(text).toMatch(/Sorties d'argent\s+[-\u2212]12\s000/);
    expect(text).not.toMatch(/[-\u2212]0\sF/);
    expect(text).toContain('Tickets T01-000001 à T01-000003');
    await shoot('session-z-report');
    await till.page.keyboard.press('Escape');
    await till.byTestId('session-last-z').waitFor();

    // Printed in the shell as a file, and the server's own figures equal the Z.
    const receipts = await readdir(join(dirname(till.terminal.core.queue.path), 'receipts'));
    expect(receipts.some((name) => name.startsWith('T01-Z000001'))).toBe(true);
    await till.syncNow();
    await till.waitForDot('green');
    const [row] = await env.backend.dataSource.query<Array<{ id: string; shop_id: string }>>(`SELECT id, shop_id FROM cash_sessions WHERE status = 'CLOSED' AND z_number = 'T01-Z000001'`);
    const session: CashSessionDetailDto = await env.backend.app.get(AdminCashSessionsService).get(row!.shop_id, row!.id);
    expect(session.differences).toEqual([]);
    expect(session).toMatchObject({ counted, variance: -500, expectedCash: expected, differs: false });
    expect(session.serverFigures).toMatchObject({ salesCount: 3, paidOut: 12_000, openingFloat: 25_000 });
  });

  it('[I11] a parked cart survives a lock: park, lock the till, log back in, resume it', async () => {
    const cashier = env.backend.demo!.cashiers[0]!;
    const [first, second] = shelf as [(typeof shelf)[number], (typeof shelf)[number]];
    await till.open('checkout');
    await till.scan(first.barcode);
    await till.scan(second.barcode);
    await till.waitForCount('cart-line', 2);
    await till.page.keyboard.press('F7');
    await till.byTestId('park-dialog').waitFor();
    await till.page.keyboard.type('Monsieur au vélo');
    await till.page.keyboard.press('Enter');
    await till.toast('Panier mis en attente');
    await till.waitForCount('cart-line', 0);

    await till.lock();
    await till.screenshot('parked-cart-locked-1024x768.png', testOutputDir);
    await till.unlock(cashier.pin);
    await till.byTestId('parked-carts').getByText('1 panier en attente').waitFor();
    await till.page.keyboard.press('F8');
    await till.byTestId('parked-dialog').waitFor();
    await till.byTestId('parked-row').filter({ hasText: 'Monsieur au vélo' }).click();
    await till.toast(/Panier « Monsieur au vélo » repris/);
    await till.waitForCount('cart-line', 2);
    for (const product of [first, second]) await till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`).waitFor();
  });
});
