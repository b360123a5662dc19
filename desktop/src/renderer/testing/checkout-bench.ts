import { encodeHlc, uuidv7, type ProductRecord } from '@seri/shared';
import { SeriDb, type LocalSale, type LocalStockMovement, type OutboxRow } from '../db/seri-db';
import { createSale, formatReceiptNumber, saleWritePaths, type DeviceContext } from '../domain/create-sale';

/**
 * Browser side of `npm run bench -- checkout` (scripts/src/bench/checkout.bench.ts): a
 * terminal database with a big catalogue, then createSale (ours) against one raw Dexie
 * transaction writing the same rows (the limit), timed in the page so the DevTools
 * protocol's round trips are not counted. Never part of the app bundle.
 */
const device: DeviceContext = { deviceId: uuidv7(), shopId: uuidv7(), terminalCode: 'T01', currency: 'XOF' };
const cashierId = uuidv7();
// Ours and the limit each get their own database with the same catalogue: the raw writes
// never disturb what createSale reads, and both grow alike.
let db = new SeriDb('bench-checkout');
let rawDb = new SeriDb('bench-checkout-raw');
let productIds: string[] = [];
let counter = 0;

function product(index: number): ProductRecord {
  return {
    id: uuidv7(),
    shopId: device.shopId,
    sku: `SKU-${index}`,
    barcode: String(2_000_000_000_000 + index),
    name: `Produit ${index}`,
    price: 100 + (index % 50) * 25,
    cost: null,
    category: 'Épicerie',
    lowStockThreshold: 5,
    archived: false,
    hlc: encodeHlc({ ms: 1_700_000_000_000, counter: 0, node: 'server' }),
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

/** A fresh database with `count` products, their stock levels and displayed stock. */
async function setup(count: number): Promise<{ products: number; seedMs: number }> {
  await db.delete();
  await rawDb.delete();
  db = new SeriDb('bench-checkout');
  rawDb = new SeriDb('bench-checkout-raw');
  const started = performance.now();
  const chunk = 5_000;
  productIds = [];
  for (let start = 0; start < count; start += chunk) {
    const products = Array.from({ length: Math.min(chunk, count - start) }, (_, offset) => product(start + offset));
    productIds.push(...products.map((item) => item.id));
    for (const target of [db, rawDb]) {
      await target.transaction('rw', target.products, target.stock, target.stockLevels, async () => {
        await target.products.bulkPut(products);
        await target.stockLevels.bulkPut(products.map((item) => ({ productId: item.id, shopId: item.shopId, quantity: 1_000 })));
        await target.stock.bulkPut(products.map((item) => ({ productId: item.id, quantity: 1_000 })));
      });
    }
  }
  return { products: await db.products.count(), seedMs: performance.now() - started };
}

function pickThree(): string[] {
  const picked = new Set<string>();
  while (picked.size < 3) picked.add(productIds[Math.floor(Math.random() * productIds.length)]!);
  return [...picked];
}

/** One sale through createSale: 3 lines, cash, strict durability. Returns its time in ms. */
async function ours(): Promise<number> {
  const lines = pickThree().map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 3) }));
  // What the till already shows (its live queries read them while the cashier scanned).
  const ids = lines.map((line) => line.productId);
  const [products, stock] = await Promise.all([db.products.bulkGet(ids), db.stock.bulkGet(ids)]);
  // The seeded shop has no tax rate: the till shows every line without one, prices inclusive.
  const shown = new Map(ids.map((id, index) => [id, { price: products[index]?.price ?? 0, name: products[index]?.name ?? '', stock: stock[index]?.quantity ?? 0, rate: null }]));
  const total = lines.reduce((sum, line, index) => sum + (products[index]?.price ?? 0) * line.quantity, 0);
  const started = performance.now();
  await createSale(db, { lines, payments: [{ method: 'CASH', amount: total }], cashierId, device, shown, pricesIncludeTax: true });
  return performance.now() - started;
}

/** The limit: the same rows (sale, lines, movements, stock, counter, outbox) in one strict transaction, made ready beforehand. */
async function raw(): Promise<number> {
  counter += 1;
  const saleId = uuidv7();
  const createdAt = new Date().toISOString();
  const ids = pickThree();
  const lines = ids.map((productId) => ({ id: uuidv7(), saleId, productId, name: 'Produit', quantity: 2, unitPrice: 500, discount: 0, total: 1000, movementId: uuidv7() }));
  const sale: LocalSale = {
    id: saleId,
    shopId: device.shopId,
    deviceId: device.deviceId,
    cashierId,
    number: formatReceiptNumber('R01', counter),
    currency: 'XOF',
    subtotal: 3000,
    discount: 0,
    total: 3000,
    payments: [{ method: 'CASH', amount: 3000 }],
    status: 'COMPLETED',
    createdAt,
    syncState: 'pending',
  };
  const movements: LocalStockMovement[] = lines.map((line) => ({
    id: line.movementId,
    shopId: device.shopId,
    productId: line.productId,
    type: 'SALE',
    quantity: -2,
    saleId,
    deviceId: device.deviceId,
    userId: cashierId,
    note: null,
    createdAt,
    pending: 1,
  }));
  const outbox: Omit<OutboxRow, 'seq'> = {
    opId: uuidv7(),
    state: 'new',
    entity: 'sale',
    kind: 'create',
    entityId: saleId,
    op: { opId: uuidv7(), deviceId: device.deviceId, userId: cashierId, shopId: device.shopId, entity: 'sale', kind: 'create', entityId: saleId, hlc: encodeHlc({ ms: Date.now(), counter: 0, node: device.deviceId }), payload: { ...sale, lines } },
    createdAt,
  };
  const started = performance.now();
  // The writes issued together, as fast as IndexedDB takes them: the limit, not a strawman.
  await rawDb.transaction('rw', [rawDb.sales, rawDb.saleLines, rawDb.stockMovements, rawDb.stock, rawDb.meta, rawDb.outbox], async () => {
    await Promise.all([
      rawDb.sales.add(sale),
      rawDb.saleLines.bulkAdd(lines),
      rawDb.stockMovements.bulkAdd(movements),
      rawDb.stock.bulkPut(ids.map((productId) => ({ productId, quantity: 998 }))),
      rawDb.meta.bulkPut([
        { key: 'saleCounter', value: counter },
        { key: 'hlc', value: outbox.op.hlc },
      ]),
      rawDb.outbox.add(outbox),
    ]);
  });
  return performance.now() - started;
}

/** `samples` of each, interleaved so both see the same machine and the same growing database. */
async function run(samples: number, warmup: number): Promise<{ ours: number[]; raw: number[]; paths: typeof saleWritePaths }> {
  for (let i = 0; i < warmup; i += 1) {
    await ours();
    await raw();
  }
  const result = { ours: [] as number[], raw: [] as number[], paths: saleWritePaths };
  for (let i = 0; i < samples; i += 1) {
    if (i % 2 === 0) {
      result.ours.push(await ours());
      result.raw.push(await raw());
    } else {
      result.raw.push(await raw());
      result.ours.push(await ours());
    }
  }
  return result;
}

export const checkoutBench = { setup, run };
(globalThis as unknown as { checkoutBench: typeof checkoutBench }).checkoutBench = checkoutBench;
