import { Injectable } from '@nestjs/common';
import type { ProductCreatePayload, ProductUpdatePayload } from '@seri/shared';
import type { AppliedEffect } from '../common/change.types';
import { initialState, mergeFields } from '../common/lww';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { ConflictsService } from '../conflicts/conflicts.service';
import { lwwConflicts } from '../conflicts/lww-conflicts';
import { Product } from './product.entity';
import { toProductRecord } from './product.mapper';

type ProductFields = Omit<ProductUpdatePayload, 'id'>;
const PRODUCT_FIELDS = ['sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'pricing'] as const;

/**
 * `product/create` and `product/update`, last write wins per field by HLC (I6). A create
 * for a product that already exists (two terminals, or a create replayed under a new opId)
 * merges like an update, so the outcome never depends on arrival order.
 */
@Injectable()
export class ProductApplier {
  constructor(private readonly conflicts: ConflictsService) {}

  async create(context: OpContext, payload: ProductCreatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockProduct(context, id);
    if (existing) return this.merge(context, existing, fields);
    const state = initialState([...PRODUCT_FIELDS], context.hlc);
    const product = context.manager.create(Product, {
      id,
      shopId: context.shopId,
      ...fields,
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
    return this.merge(context, existing, fields);
  }

  private async lockProduct(context: OpContext, id: string): Promise<Product | null> {
    const product = await context.manager.findOne(Product, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (product && product.shopId !== context.shopId) {
      throw new OpRejection('FORBIDDEN', `product ${id} belongs to another shop`);
    }
    return product;
  }

  private async merge(context: OpContext, product: Product, fields: ProductFields): Promise<AppliedEffect> {
    const before = { hlc: product.hlc, fieldHlc: product.fieldHlc };
    const merged = mergeFields<ProductFields>(before, fields, context.hlc);
    await this.conflicts.record(
      context.manager,
      lwwConflicts<ProductFields>({
        shopId: context.shopId,
        entity: 'product',
        entityId: product.id,
        opId: context.opId,
        hlc: context.hlc,
        before,
        current: product,
        incoming: fields,
        merge: merged,
      }),
    );
    if (Object.keys(merged.accepted).length === 0) return { changes: [] };
    await context.manager.update(Product, { id: product.id }, { ...merged.accepted, hlc: merged.state.hlc, fieldHlc: merged.state.fieldHlc });
    const saved = await context.manager.findOneByOrFail(Product, { id: product.id });
    return { changes: [{ entity: 'product', entityId: product.id, op: 'upsert', data: toProductRecord(saved) }] };
  }
}
