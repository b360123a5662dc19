import { encodeHlc, uuidv7, type PushResponse } from '@seri/shared';
import type { EnrollmentCodeDto } from '../../../src/devices/dto/admin-device.dto';
import type { ExpenseDto } from '../../../src/admin/expenses/dto/expense.dto';
import type { ProductDto } from '../../../src/admin/products/dto/product.dto';
import type { TaxRateDto } from '../../../src/admin/tax-rates/dto/tax-rate.dto';
import type { TestBackend } from '../../support/test-backend';
import { TestTerminal } from '../../support/terminal';
import { login, shopPath, type AdminClient, type PeopleShop } from './admin-api';

/** Records of every kind in one shop, made the way the shop would make them. */
export interface ShopData {
  manager: AdminClient;
  terminal: TestTerminal;
  product: ProductDto;
  expense: ExpenseDto;
  saleId: string;
  code: string;
  conflictId: string;
  rejectedOpId: string;
  /** A cash session the terminal opened. */
  sessionId: string;
  /** A tax rate, the shop's default, on the product. */
  taxRate: TaxRateDto;
}

let skuCounter = 0;

export function uniqueSku(prefix = 'SKU'): string {
  skuCounter += 1;
  return `${prefix}-${Date.now().toString(36).toUpperCase()}-${skuCounter}`;
}

/** 13 digits that no other test's barcode shares. */
export function uniqueBarcode(): string {
  return `2${String(Date.now() % 1e9).padStart(9, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

/**
 * A product, an expense and an enrollment code made through the admin API; a terminal that
 * sells the product; a terminal edit older than the admin's (a REFUSED conflict); and a sale
 * of an unknown product (a rejected op).
 */
export async function seedShopData(backend: TestBackend, shop: PeopleShop): Promise<ShopData> {
  const manager = await login(backend, shop.users.MANAGER.email);
  const taxRate = await manager.ok<TaxRateDto>(manager.post(shopPath(shop.shopId, '/tax-rates'), { name: 'TVA 18 %', rateBp: 1800 }), 201);
  await manager.ok(manager.patch(shopPath(shop.shopId), { defaultTaxRateId: taxRate.id, taxNumber: '0012345 2G3' }));
  const product = await manager.ok<ProductDto>(
    manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku(), barcode: uniqueBarcode(), name: 'Thé vert 100 g', price: 1500, cost: 900, openingStock: 20, taxRateId: taxRate.id }),
    201,
  );
  const expense = await manager.ok<ExpenseDto>(
    manager.post(shopPath(shop.shopId, '/expenses'), { category: 'Transport', amount: 2500, note: 'Taxi', date: new Date().toISOString().slice(0, 10) }),
    201,
  );
  const code = await manager.ok<EnrollmentCodeDto>(manager.post(shopPath(shop.shopId, '/enrollment-codes'), {}), 201);

  const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
  const sale = terminal.sale([{ product: { id: product.id, name: product.name, price: product.price }, quantity: 2 }]);
  const stale = terminal.productUpdate({ id: product.id, price: 1200 }, encodeHlc({ ms: Date.now() - 3_600_000, counter: 0, node: terminal.deviceId }));
  const unknown = terminal.sale([{ product: { id: uuidv7(), name: 'Inconnu', price: 100 }, quantity: 1 }]);
  const pushed: PushResponse = await terminal.pushOk([sale, stale, unknown]);
  if (pushed.results.map((result) => result.status).join() !== 'applied,applied,rejected') {
    throw new Error(`unexpected push results ${JSON.stringify(pushed.results)}`);
  }
  const sessionId = uuidv7();
  const opened = await terminal.pushOk([
    terminal.op('cash_session', 'open', sessionId, { id: sessionId, openedBy: terminal.userId, openingFloat: 10_000, openingCount: null, openedAt: new Date().toISOString() }),
  ]);
  if (opened.results[0]?.status !== 'applied') throw new Error(`unexpected open results ${JSON.stringify(opened.results)}`);
  const [conflict] = await backend.dataSource.query<{ id: string }[]>(
    `SELECT id::text AS id FROM conflict_log WHERE shop_id = $1 AND entity_id = $2 AND field = 'price' ORDER BY id DESC LIMIT 1`,
    [shop.shopId, product.id],
  );
  if (!conflict) throw new Error('the stale terminal edit left no conflict');
  return { manager, terminal, product, expense, saleId: sale.payload.id, code: code.code, conflictId: conflict.id, rejectedOpId: unknown.opId, sessionId, taxRate };
}

const SHOP_TABLES = [
  'users',
  'devices',
  'enrollment_codes',
  'products',
  'stock_movements',
  'stock_levels',
  'sales',
  'sale_lines',
  'expenses',
  'shop_admins',
  'processed_ops',
  'conflict_log',
  'conflict_resolutions',
  'rejected_ops',
  'rejected_op_resolutions',
  'sale_reviews',
  'changes',
  'cash_sessions',
  'cash_movements',
  'tax_rates',
  'sale_refunds',
  'quick_key_layouts',
] as const;

/** A digest of every row of the shop: any write to it, anywhere, changes the digest. */
export async function shopFingerprint(backend: TestBackend, shopId: string): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  const [shop] = await backend.dataSource.query<{ d: string }[]>(`SELECT md5(s::text) AS d FROM shops s WHERE id = $1`, [shopId]);
  digest['shops'] = shop?.d ?? '';
  for (const table of SHOP_TABLES) {
    const [row] = await backend.dataSource.query<{ d: string | null }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM ${table} t WHERE shop_id = $1`,
      [shopId],
    );
    digest[table] = row?.d ?? '';
  }
  return digest;
}
