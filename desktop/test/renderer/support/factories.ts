import {
  encodeHlc,
  uuidv7,
  type Change,
  type ProductRecord,
  type SaleRecord,
  type StockLevelRecord,
  type StockMovementRecord,
  type UserRecord,
} from '@seri/shared';

/** Test data factories for the renderer's Dexie tests: one place for the shapes. */
export interface TestDevice {
  deviceId: string;
  shopId: string;
  terminalCode: string;
  currency: string;
}

export function makeDevice(overrides: Partial<TestDevice> = {}): TestDevice {
  return { deviceId: uuidv7(), shopId: uuidv7(), terminalCode: 'T01', currency: 'XOF', ...overrides };
}

/** An HLC stamp at a fixed instant, so tests never depend on the wall clock. */
export function stamp(ms: number, node = 'server', counter = 0): string {
  return encodeHlc({ ms, counter, node });
}

let productNumber = 0;
export function makeProduct(shopId: string, overrides: Partial<ProductRecord> = {}): ProductRecord {
  productNumber += 1;
  return {
    id: uuidv7(),
    shopId,
    sku: `SKU-${productNumber}`,
    barcode: `200000000${String(productNumber).padStart(4, '0')}`,
    name: `Produit ${productNumber}`,
    price: 1500,
    cost: 1000,
    category: 'Épicerie',
    lowStockThreshold: 2,
    archived: false,
    hlc: stamp(1_700_000_000_000),
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeUser(shopId: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return { id: uuidv7(), shopId, name: 'Awa Diop', role: 'CASHIER', active: true, ...overrides };
}

export function level(product: ProductRecord, quantity: number): StockLevelRecord {
  return { productId: product.id, shopId: product.shopId, quantity };
}

export function movement(product: ProductRecord, quantity: number, overrides: Partial<StockMovementRecord> = {}): StockMovementRecord {
  return {
    id: uuidv7(),
    shopId: product.shopId,
    productId: product.id,
    type: 'RECEIPT',
    quantity,
    saleId: null,
    deviceId: null,
    userId: null,
    note: null,
    createdAt: '2025-01-02T08:00:00.000Z',
    ...overrides,
  };
}

export function upsert<E extends Change['entity']>(entity: E, entityId: string, data: Extract<Change, { entity: E; op: 'upsert' }>['data']): Change {
  return { entity, entityId, op: 'upsert', data } as Change;
}

export function saleChange(sale: SaleRecord): Change {
  return upsert('sale', sale.id, sale);
}

export function cashPayment(amount: number, tendered?: number) {
  return tendered === undefined ? { method: 'CASH' as const, amount } : { method: 'CASH' as const, amount, tendered };
}
