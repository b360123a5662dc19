import type { Op, ProductCreatePayload, ProductRecord, ProductUpdatePayload } from '@seri/shared';
import type { LocalStockMovement, SeriDb } from '../db/seri-db';
import { recomputeStock } from '../sync/apply-pull';
import { MAX_QUANTITY_PER_MOVEMENT } from './limits';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

export type ProductFields = Omit<ProductCreatePayload, 'id'>;
export type ProductChanges = Partial<ProductFields> & { archived?: boolean };

const EDITABLE: ReadonlyArray<keyof ProductChanges> = ['sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'taxRateId', 'pricing'];

function normalize(fields: ProductChanges): ProductChanges {
  const out: ProductChanges = { ...fields };
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.sku !== undefined) out.sku = out.sku.trim();
  if (out.barcode !== undefined) out.barcode = out.barcode?.trim() ? out.barcode.trim() : null;
  if (out.category !== undefined) out.category = out.category?.trim() ? out.category.trim() : null;
  return out;
}

/** The checks the server would make, made here first so a manager sees them at once, offline too. */
async function checkFields(db: SeriDb, fields: ProductChanges, selfId: string | null): Promise<void> {
  if (fields.name !== undefined && (fields.name === '' || fields.name.length > 200)) throw new CommandRefusedError('BAD_NAME', 'the name must be 1 to 200 characters');
  if (fields.sku !== undefined && (fields.sku === '' || fields.sku.length > 64)) throw new CommandRefusedError('BAD_SKU', 'the reference must be 1 to 64 characters');
  if (fields.barcode && !/^[0-9A-Za-z\-.]{4,64}$/.test(fields.barcode)) throw new CommandRefusedError('BAD_BARCODE', 'the barcode must be 4 to 64 letters or digits');
  for (const amount of [fields.price, fields.cost]) {
    if (amount !== undefined && amount !== null && (!Number.isSafeInteger(amount) || amount < 0)) throw new CommandRefusedError('BAD_PRICE', 'prices are positive amounts');
  }
  if (fields.lowStockThreshold !== undefined && (!Number.isSafeInteger(fields.lowStockThreshold) || fields.lowStockThreshold < 0)) {
    throw new CommandRefusedError('BAD_THRESHOLD', 'the low-stock threshold is a whole number, 0 or more');
  }
  if (fields.barcode) {
    const clash = (await db.products.where('barcode').equals(fields.barcode).toArray()).find((other) => other.id !== selfId);
    if (clash) throw new CommandRefusedError('BARCODE_TAKEN', `barcode ${fields.barcode} is already ${clash.name}'s`, { code: fields.barcode, name: clash.name });
  }
  if (fields.taxRateId && !(await db.taxRates.get(fields.taxRateId))) throw new CommandRefusedError('UNKNOWN_TAX_RATE', `tax rate ${fields.taxRateId} is not one of the shop's`);
  if (fields.sku) {
    const clash = (await db.products.where('sku').equals(fields.sku).toArray()).find((other) => other.id !== selfId);
    if (clash) throw new CommandRefusedError('SKU_TAKEN', `reference ${fields.sku} is already ${clash.name}'s`, { code: fields.sku, name: clash.name });
  }
}

/**
 * A manager adds a product: the record (stamped with the terminal's HLC, I6), the
 * `product/create` op, and, when they count some on the shelf, an OPENING movement, all in
 * one strict transaction. Sellable here at once, offline too.
 */
export async function createProduct(
  db: SeriDb,
  input: { fields: ProductFields; openingStock: number; author: OpAuthor },
  options: CommandOptions = {},
): Promise<ProductRecord> {
  const { newId, now } = commandIds(options);
  const fields = normalize(input.fields) as ProductFields;
  if (!Number.isSafeInteger(input.openingStock) || input.openingStock < 0 || input.openingStock > MAX_QUANTITY_PER_MOVEMENT) {
    throw new CommandRefusedError('BAD_QUANTITY', 'the opening stock is a whole number, 0 or more');
  }
  return db.transaction('rw', [db.products, db.taxRates, db.stockMovements, db.stockLevels, db.stock, db.meta, db.outbox], async () => {
    await checkFields(db, fields, null);
    const id = newId();
    const createdAt = new Date(now()).toISOString();
    const payload: ProductCreatePayload = { id, ...fields };
    const op = await queueOp<Op<'product', 'create'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'product', kind: 'create', entityId: id, payload }),
      now,
    );
    const product: ProductRecord = { ...payload, shopId: input.author.shopId, archived: false, hlc: op.hlc, updatedAt: createdAt };
    await db.products.add(product);
    await db.stock.put({ productId: id, quantity: 0 });
    if (input.openingStock > 0) {
      const movement: LocalStockMovement = {
        id: newId(),
        shopId: input.author.shopId,
        productId: id,
        type: 'OPENING',
        quantity: input.openingStock,
        saleId: null,
        deviceId: input.author.deviceId,
        userId: input.author.userId,
        note: null,
        createdAt,
        pending: 1,
      };
      await db.stockMovements.add(movement);
      await recomputeStock(db, [id]);
      await queueOp<Op<'stock_movement', 'create'>>(
        db,
        input.author,
        () => ({
          opId: newId(),
          ...input.author,
          entity: 'stock_movement',
          kind: 'create',
          entityId: movement.id,
          payload: { id: movement.id, productId: id, type: 'OPENING', quantity: movement.quantity, note: null, createdAt },
        }),
        now,
      );
    }
    return product;
  });
}

/**
 * A manager edits a product: only the fields that changed travel, in a `product/update` op
 * stamped with the terminal's HLC; the server merges per field by HLC (I6) and logs what it
 * overwrote. Returns null when nothing changed (no op is made).
 */
export async function updateProduct(
  db: SeriDb,
  input: { productId: string; changes: ProductChanges; author: OpAuthor },
  options: CommandOptions = {},
): Promise<ProductRecord | null> {
  const { newId, now } = commandIds(options);
  const wanted = normalize(input.changes);
  return db.transaction('rw', [db.products, db.taxRates, db.meta, db.outbox], async () => {
    const current = await db.products.get(input.productId);
    if (!current) throw new CommandRefusedError('NOT_FOUND', `product ${input.productId} is not in the catalogue`);
    const changed: ProductChanges = {};
    for (const key of EDITABLE) {
      const value = wanted[key];
      // A product from before taxes has no taxRateId: the same as null (the shop's default rate).
      const before = key === 'taxRateId' ? (current.taxRateId ?? null) : current[key];
      if (value !== undefined && value !== before) (changed as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(changed).length === 0) return null;
    await checkFields(db, changed, current.id);
    const payload: ProductUpdatePayload = { id: current.id, ...changed };
    const op = await queueOp<Op<'product', 'update'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'product', kind: 'update', entityId: current.id, payload }),
      now,
    );
    const updated: ProductRecord = { ...current, ...changed, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.products.put(updated);
    return updated;
  });
}
