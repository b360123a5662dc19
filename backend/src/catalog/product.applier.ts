import { Injectable } from '@nestjs/common';
import type { ProductCreatePayload, ProductUpdatePayload } from '@seri/shared';
import type { AppliedEffect } from '../common/change.types';
import { initialState } from '../common/lww';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { ConflictsService } from '../conflicts/conflicts.service';
import { mergeLwwRow } from './lww-record';
import { Product } from './product.entity';
import { toProductRecord } from './product.mapper';
import { productRateProblem } from './tax-rate.applier';

type ProductFields = Omit<ProductUpdatePayload, 'id'>;
const PRODUCT_FIELDS = ['sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'taxRateId', 'pricing'] as const;
const TARGET = { entity: Product, feed: 'product', toRecord: toProductRecord } as const;

/**
 * `product/create` and `product/update`, last write wins per field by HLC (I6). A create
 * for a product that already exists (two terminals, or a create replayed under a new opId)
 * merges like an update, so the outcome never depends on arrival order. A product's tax
 * rate must be one of its shop's rates.
 */
@Injectable()
export class ProductApplier {
  constructor(private readonly conflicts: ConflictsService) {}

  async create(context: OpContext, payload: ProductCreatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockProduct(context, id);
    await this.checkRate(context, fields.taxRateId);
    if (existing) return mergeLwwRow<Product, ProductFields>(context, this.conflicts, TARGET, existing, fields);
    const state = initialState([...PRODUCT_FIELDS], context.hlc);
    const product = context.manager.create(Product, {
      id,
      shopId: context.shopId,
      ...fields,
      taxRateId: fields.taxRateId ?? null,
      archived: false,
      hlc: state.hlc,
      fieldHlc: state.fieldHlc,
    });
    await context.manager.insert(Product, product);
    const saved = await context.manager.findOneByOrFail(Product, { id });
    return { changes: [{ entity: 'product', entityId: id, op: 'upsert', data: toProductRecord(saved) }] };
  }

  async update(context: OpContext, payload: ProductUpdatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockProduct(context, id);
    if (!existing) throw new OpRejection('NOT_FOUND', `product ${id} not found in this shop`);
    await this.checkRate(context, fields.taxRateId);
    return mergeLwwRow<Product, ProductFields>(context, this.conflicts, TARGET, existing, fields);
  }

  private async lockProduct(context: OpContext, id: string): Promise<Product | null> {
    const product = await context.manager.findOne(Product, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (product && product.shopId !== context.shopId) {
      throw new OpRejection('FORBIDDEN', `product ${id} belongs to another shop`);
    }
    return product;
  }

  private async checkRate(context: OpContext, taxRateId: string | null | undefined): Promise<void> {
    const problem = await productRateProblem(context.manager, context.shopId, taxRateId);
    if (problem) throw problem;
  }
}
