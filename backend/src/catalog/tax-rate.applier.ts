import { Injectable } from '@nestjs/common';
import type { TaxRateCreatePayload, TaxRateUpdatePayload } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import type { AppliedEffect } from '../common/change.types';
import { initialState } from '../common/lww';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { ConflictsService } from '../conflicts/conflicts.service';
import { mergeLwwRow } from './lww-record';
import { TaxRate } from './tax-rate.entity';
import { toTaxRateRecord } from './tax-rate.mapper';

type TaxRateFields = Omit<TaxRateUpdatePayload, 'id'>;
const TAX_RATE_FIELDS = ['name', 'rateBp', 'archived'] as const;
const TARGET = { entity: TaxRate, feed: 'tax_rate', toRecord: toTaxRateRecord } as const;

/**
 * `tax_rate/create` and `tax_rate/update`, last write wins per field by HLC (I6), like
 * products: a create of a rate that exists merges like an update. A rate is archived,
 * never deleted; a sale copies its rate onto its lines, so an edit never changes a sale.
 */
@Injectable()
export class TaxRateApplier {
  constructor(private readonly conflicts: ConflictsService) {}

  async create(context: OpContext, payload: TaxRateCreatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockRate(context, id);
    if (existing) return mergeLwwRow(context, this.conflicts, TARGET, existing, fields);
    const state = initialState([...TAX_RATE_FIELDS], context.hlc);
    await context.manager.insert(TaxRate, { id, shopId: context.shopId, name: fields.name, rateBp: fields.rateBp, archived: false, hlc: state.hlc, fieldHlc: state.fieldHlc });
    const saved = await context.manager.findOneByOrFail(TaxRate, { id });
    return { changes: [{ entity: 'tax_rate', entityId: id, op: 'upsert', data: toTaxRateRecord(saved) }] };
  }

  async update(context: OpContext, payload: TaxRateUpdatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockRate(context, id);
    if (!existing) throw new OpRejection('NOT_FOUND', `tax rate ${id} not found in this shop`);
    return mergeLwwRow<TaxRate, TaxRateFields>(context, this.conflicts, TARGET, existing, fields);
  }

  private async lockRate(context: OpContext, id: string): Promise<TaxRate | null> {
    const rate = await context.manager.findOne(TaxRate, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (rate && rate.shopId !== context.shopId) throw new OpRejection('FORBIDDEN', `tax rate ${id} belongs to another shop`);
    return rate;
  }
}

/**
 * Why a product cannot name this rate, or null: the rate must be one of the shop's own
 * (an archived one is kept: products already on it stay valid, the admin API refuses a
 * new pick of it). Null or absent: the shop's default rate.
 */
export async function productRateProblem(manager: EntityManager, shopId: string, taxRateId: string | null | undefined): Promise<OpRejection | null> {
  if (taxRateId === null || taxRateId === undefined) return null;
  const rate = await manager.findOneBy(TaxRate, { id: taxRateId });
  if (!rate) return new OpRejection('NOT_FOUND', `tax rate ${taxRateId} not found in this shop`);
  if (rate.shopId !== shopId) return new OpRejection('FORBIDDEN', `tax rate ${taxRateId} belongs to another shop`);
  return null;
}
