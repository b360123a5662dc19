import type { ParkedCart, SeriDb } from '../db/seri-db';
import { CommandRefusedError, commandIds, type CommandOptions } from './local-ops';

/** Most carts a till keeps aside: a queue at the counter, not a store room. */
export const MAX_PARKED_CARTS = 20;

export interface ParkCartInput {
  note: string;
  userId: string;
  lines: ParkedCart['lines'];
  discount: number;
  discountApprovedBy?: string;
}

/**
 * Puts the cart aside under a note, on this terminal only (never synced: nothing was sold).
 * Kept in Dexie, so a restart or the idle lock loses nothing.
 */
export async function parkCart(db: SeriDb, input: ParkCartInput, options: CommandOptions = {}): Promise<ParkedCart> {
  const { newId, now } = commandIds(options);
  if (input.lines.length === 0) throw new CommandRefusedError('EMPTY_CART', 'the cart is empty');
  return db.transaction('rw', db.parkedCarts, async () => {
    if ((await db.parkedCarts.count()) >= MAX_PARKED_CARTS) {
      throw new CommandRefusedError('TOO_MANY_PARKED', `at most ${MAX_PARKED_CARTS} carts can wait`, { count: MAX_PARKED_CARTS });
    }
    const cart: ParkedCart = {
      id: newId(),
      note: input.note.trim(),
      userId: input.userId,
      parkedAt: new Date(now()).toISOString(),
      lines: input.lines.map((line) => ({ ...line })),
      discount: input.discount,
      ...(input.discountApprovedBy ? { discountApprovedBy: input.discountApprovedBy } : {}),
    };
    await db.parkedCarts.add(cart);
    return cart;
  });
}

/** Takes a parked cart back (it leaves the list in the same transaction, so it is resumed once). */
export async function resumeCart(db: SeriDb, id: string): Promise<ParkedCart> {
  return db.transaction('rw', db.parkedCarts, async () => {
    const cart = await db.parkedCarts.get(id);
    if (!cart) throw new CommandRefusedError('NOT_FOUND', 'this cart is no longer waiting');
    await db.parkedCarts.delete(id);
    return cart;
  });
}
