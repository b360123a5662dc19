import type { Op, ShopRecord, TaxRateCreatePayload, TaxRateRecord, TaxRateRef, TaxRateUpdatePayload } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

/** What ringing up needs to tax a cart: how prices are meant, the default rate and the shop's rates by id. */
export interface TaxContext {
  pricesIncludeTax: boolean;
  defaultTaxRateId: string | null;
  rates: ReadonlyMap<string, TaxRateRecord>;
}

export function taxContext(shop: ShopRecord | null | undefined, rates: readonly TaxRateRecord[]): TaxContext {
  return {
    pricesIncludeTax: shop?.pricesIncludeTax !== false,
    defaultTaxRateId: shop?.defaultTaxRateId ?? null,
    rates: new Map(rates.map((rate) => [rate.id, rate])),
  };
}

/** The shop and its rates as this terminal holds them (read inside the caller's transaction when it has one). */
export async function readTaxContext(db: SeriDb): Promise<TaxContext> {
  const [shop, rates] = await Promise.all([db.getMeta('shop'), db.taxRates.toArray()]);
  return taxContext(shop, rates);
}

/**
 * The rate a line of this product carries (the contract's one rule): the product's own rate,
 * else the shop's default, else none. A rate this terminal does not hold (not pulled yet) is
 * skipped like an absent one. Archived rates still apply to the products that name them:
 * archiving only takes a rate out of the choices.
 */
export function rateForProduct(product: { taxRateId?: string | null }, context: TaxContext): TaxRateRef | null {
  for (const id of [product.taxRateId, context.defaultTaxRateId]) {
    const rate = id ? context.rates.get(id) : undefined;
    if (rate) return { id: rate.id, name: rate.name, rateBp: rate.rateBp };
  }
  return null;
}

/** "18", "18,5", "18.5 %" → basis points (1800, 1850); null when not a percent from 0 to 100 with at most 2 decimals. */
export function parseRatePercent(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** 1850 → "18,5 %" in the shop's locale. */
export function formatRatePercent(rateBp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(rateBp / 10_000);
}

/**
 * A rate's name as printed: the shop's name for it, with its percent when the name does not
 * already say it ("Exonéré" → "Exonéré 0 %", "TVA 18 %" stays).
 */
export function rateName(rate: { name: string; rateBp: number }, locale: string): string {
  const percent = formatRatePercent(rate.rateBp, locale);
  const digits = percent.replace(/[^\d.,]/g, '');
  return rate.name.includes('%') || rate.name.includes(digits) ? rate.name : `${rate.name} ${percent}`;
}

const MAX_NAME = 100;

function checkRate(fields: { name?: string; rateBp?: number }): void {
  if (fields.name !== undefined && (fields.name === '' || fields.name.length > MAX_NAME)) throw new CommandRefusedError('BAD_TAX_NAME', 'a rate needs a name of 1 to 100 characters');
  if (fields.rateBp !== undefined && (!Number.isSafeInteger(fields.rateBp) || fields.rateBp < 0 || fields.rateBp > 10_000)) {
    throw new CommandRefusedError('BAD_TAX_RATE', 'a rate is a percent from 0 to 100, with at most 2 decimals');
  }
}

/**
 * A manager adds a tax rate here: the record (stamped with the terminal's HLC, I6) and the
 * `tax_rate/create` op in one strict transaction, like a product. Products may take it at once.
 */
export async function createTaxRate(
  db: SeriDb,
  input: { name: string; rateBp: number; author: OpAuthor },
  options: CommandOptions = {},
): Promise<TaxRateRecord> {
  const { newId, now } = commandIds(options);
  const name = input.name.trim();
  checkRate({ name, rateBp: input.rateBp });
  return db.transaction('rw', [db.taxRates, db.meta, db.outbox], async () => {
    const id = newId();
    const payload: TaxRateCreatePayload = { id, name, rateBp: input.rateBp };
    const op = await queueOp<Op<'tax_rate', 'create'>>(db, input.author, () => ({ opId: newId(), ...input.author, entity: 'tax_rate', kind: 'create', entityId: id, payload }), now);
    const rate: TaxRateRecord = { ...payload, shopId: input.author.shopId, archived: false, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.taxRates.add(rate);
    return rate;
  });
}

export type TaxRateChanges = Partial<Pick<TaxRateRecord, 'name' | 'rateBp' | 'archived'>>;

/**
 * A manager renames a rate, changes its percent or archives it: only the fields that changed
 * travel, in a `tax_rate/update` op (LWW per field on the server). Sales already made keep the
 * rate they copied. Returns null when nothing changed (no op).
 */
export async function updateTaxRate(
  db: SeriDb,
  input: { rateId: string; changes: TaxRateChanges; author: OpAuthor },
  options: CommandOptions = {},
): Promise<TaxRateRecord | null> {
  const { newId, now } = commandIds(options);
  const wanted: TaxRateChanges = { ...input.changes, ...(input.changes.name !== undefined ? { name: input.changes.name.trim() } : {}) };
  return db.transaction('rw', [db.taxRates, db.meta, db.outbox], async () => {
    const current = await db.taxRates.get(input.rateId);
    if (!current) throw new CommandRefusedError('NOT_FOUND', `tax rate ${input.rateId} is not on this terminal`);
    const changed: TaxRateChanges = {};
    if (wanted.name !== undefined && wanted.name !== current.name) changed.name = wanted.name;
    if (wanted.rateBp !== undefined && wanted.rateBp !== current.rateBp) changed.rateBp = wanted.rateBp;
    if (wanted.archived !== undefined && wanted.archived !== current.archived) changed.archived = wanted.archived;
    if (Object.keys(changed).length === 0) return null;
    checkRate(changed);
    const payload: TaxRateUpdatePayload = { id: current.id, ...changed };
    const op = await queueOp<Op<'tax_rate', 'update'>>(db, input.author, () => ({ opId: newId(), ...input.author, entity: 'tax_rate', kind: 'update', entityId: current.id, payload }), now);
    const updated: TaxRateRecord = { ...current, ...changed, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.taxRates.put(updated);
    return updated;
  });
}
