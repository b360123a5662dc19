import { MAX_QUANTITY_PER_MOVEMENT } from './limits';
import type { Op, StockMovementCreatePayload } from '@seri/shared';
import type { LocalStockMovement, SeriDb } from '../db/seri-db';
import { recomputeStock } from '../sync/apply-pull';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

export type ManualMovementType = StockMovementCreatePayload['type'];

export interface StockMovementInput {
  productId: string;
  type: ManualMovementType;
  /** Signed change: +5 received, −2 broken. */
  quantity: number;
  note: string | null;
  author: OpAuthor;
}

/**
 * Records a manual stock movement (receipt, adjustment, count) as a ledger entry (I4):
 * in one strict transaction the movement (pending), the displayed stock and the
 * `stock_movement/create` op. Never a "set stock to N": two terminals adjusting offline both count.
 */
export async function recordStockMovement(db: SeriDb, input: StockMovementInput, options: CommandOptions = {}): Promise<LocalStockMovement> {
  const { newId, now } = commandIds(options);
  if (!Number.isSafeInteger(input.quantity) || input.quantity === 0 || Math.abs(input.quantity) > MAX_QUANTITY_PER_MOVEMENT) {
    throw new CommandRefusedError('BAD_QUANTITY', 'the change must be a whole number other than 0');
  }
  return db.transaction('rw', [db.products, db.stockMovements, db.stockLevels, db.stock, db.meta, db.outbox], async () => {
    const product = await db.products.get(input.productId);
    if (!product) throw new CommandRefusedError('NOT_FOUND', `product ${input.productId} is not in the catalogue`);
    const createdAt = new Date(now()).toISOString();
    const note = input.note?.trim() ? input.note.trim() : null;
    const movement: LocalStockMovement = {
      id: newId(),
      shopId: product.shopId,
      productId: product.id,
      type: input.type,
      quantity: input.quantity,
      saleId: null,
      deviceId: input.author.deviceId,
      userId: input.author.userId,
      note,
      createdAt,
      pending: 1,
    };
    await db.stockMovements.add(movement);
    await recomputeStock(db, [product.id]);
    const payload: StockMovementCreatePayload = { id: movement.id, productId: product.id, type: input.type, quantity: input.quantity, note, createdAt };
    await queueOp<Op<'stock_movement', 'create'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'stock_movement', kind: 'create', entityId: movement.id, payload }),
      now,
    );
    return movement;
  });
}

/**
 * A count: the manager says how many are on the shelf; the ledger gets a COUNT movement of
 * the difference with what this terminal displays. Nothing is written when they agree.
 */
export async function recordStockCount(
  db: SeriDb,
  input: { productId: string; counted: number; note: string | null; author: OpAuthor },
  options: CommandOptions = {},
): Promise<LocalStockMovement | null> {
  if (!Number.isSafeInteger(input.counted) || input.counted < 0) throw new CommandRefusedError('BAD_QUANTITY', 'the count must be a whole number, 0 or more');
  const shown = (await db.stock.get(input.productId))?.quantity ?? 0;
  const difference = input.counted - shown;
  if (difference === 0) return null;
  return recordStockMovement(db, { productId: input.productId, type: 'COUNT', quantity: difference, note: input.note, author: input.author }, options);
}
