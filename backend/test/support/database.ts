import type { Role } from '@seri/shared';
import { uuidv7 } from '@seri/shared';
import type { DataSource } from 'typeorm';
import { DevicesService } from '../../src/devices/devices.service';
import { ShopsService } from '../../src/shops/shops.service';
import { UsersService } from '../../src/users/users.service';
import type { TestBackend } from './test-backend';

export const COUNTED_TABLES = [
  'sales',
  'sale_lines',
  'stock_movements',
  'stock_levels',
  'products',
  'expenses',
  'processed_ops',
  /** Every op's claim (I2): processed_ops plus the claims applied sales hold on their own row. */
  'op_claims',
  'changes',
  'tax_rates',
  'sale_refunds',
] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

/** Row counts of the tables a push can write, to prove a refused request wrote nothing. */
export async function countRows(dataSource: DataSource): Promise<Record<CountedTable, number>> {
  const counts = {} as Record<CountedTable, number>;
  for (const table of COUNTED_TABLES) {
    const [row] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

export async function stockLevel(dataSource: DataSource, productId: string): Promise<number> {
  const [row] = await dataSource.query<{ q: number }[]>('SELECT quantity::int AS q FROM stock_levels WHERE product_id = $1', [productId]);
  if (!row) throw new Error(`no stock level for ${productId}`);
  return row.q;
}

export interface TestShop {
  shopId: string;
  code: string;
  users: Record<Role, string>;
}

/** A second shop (no products) with one user per role and a reusable enrollment code. */
export async function createShop(backend: TestBackend, name: string): Promise<TestShop> {
  const shopId = uuidv7();
  const code = `SHOP-${shopId.slice(-8).toUpperCase()}`;
  const users = { CASHIER: uuidv7(), MANAGER: uuidv7(), ADMIN: uuidv7() };
  await backend.dataSource.transaction(async (manager) => {
    await backend.app.get(ShopsService).create(manager, { id: shopId, name, currency: 'XOF', locale: 'fr-SN' });
    for (const role of ['CASHIER', 'MANAGER', 'ADMIN'] as const) {
      await backend.app.get(UsersService).create(manager, { id: users[role], shopId, name: `${role} ${name}`, role, pin: '4321' });
    }
    await backend.app.get(DevicesService).createEnrollmentCode(manager, { code, shopId, usesLeft: null, expiresAt: null });
  });
  return { shopId, code, users };
}
