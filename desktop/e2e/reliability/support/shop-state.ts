import type { DataSource } from 'typeorm';
import type { MainTerminal } from './main-terminal';

export interface ShopState {
  products: Record<string, { name: string; price: number; hlc: string }>;
  sales: Record<string, { total: number; status: string }>;
  expenses: Record<string, { amount: number; category: string }>;
  stock: Record<string, number>;
}

/** The shop's current data as the server holds it, in the shape compared with terminals. */
export async function serverState(dataSource: DataSource, shopId: string): Promise<ShopState> {
  const products = await dataSource.query<{ id: string; name: string; price: string; hlc: string }[]>(
    'SELECT id, name, price, hlc FROM products WHERE shop_id = $1',
    [shopId],
  );
  const sales = await dataSource.query<{ id: string; total: string; status: string }[]>('SELECT id, total, status FROM sales WHERE shop_id = $1', [shopId]);
  const expenses = await dataSource.query<{ id: string; amount: string; category: string }[]>(
    'SELECT id, amount, category FROM expenses WHERE shop_id = $1 AND NOT deleted',
    [shopId],
  );
  const levels = await dataSource.query<{ product_id: string; quantity: string }[]>('SELECT product_id, quantity FROM stock_levels WHERE shop_id = $1', [shopId]);
  return {
    products: Object.fromEntries(products.map((row) => [row.id, { name: row.name, price: Number(row.price), hlc: row.hlc }])),
    sales: Object.fromEntries(sales.map((row) => [row.id, { total: Number(row.total), status: row.status }])),
    expenses: Object.fromEntries(expenses.map((row) => [row.id, { amount: Number(row.amount), category: row.category }])),
    stock: Object.fromEntries(levels.map((row) => [row.product_id, Number(row.quantity)])),
  };
}

/** The same, from what the terminal pulled and keeps (its replica of the shop). */
export function terminalState(terminal: MainTerminal): ShopState {
  const replica = terminal.replica();
  const rows = <T>(entity: Parameters<typeof replica.get>[0]): [string, T][] => [...(replica.get(entity) ?? new Map<string, unknown>()).entries()] as [string, T][];
  return {
    products: Object.fromEntries(
      rows<{ name: string; price: number; hlc: string }>('product').map(([id, p]) => [id, { name: p.name, price: p.price, hlc: p.hlc }]),
    ),
    sales: Object.fromEntries(rows<{ total: number; status: string }>('sale').map(([id, s]) => [id, { total: s.total, status: s.status }])),
    expenses: Object.fromEntries(
      rows<{ amount: number; category: string; deleted: boolean }>('expense')
        .filter(([, e]) => !e.deleted)
        .map(([id, e]) => [id, { amount: e.amount, category: e.category }]),
    ),
    stock: Object.fromEntries(rows<{ quantity: number }>('stock_level').map(([id, l]) => [id, l.quantity])),
  };
}
