import { Injectable } from '@nestjs/common';
import { quickKeyProductIds, type QuickKeysUpdatePayload } from '@seri/shared';
import type { AppliedEffect } from '../common/change.types';
import { initialState, mergeFields } from '../common/lww';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { selectRows } from '../common/sql';
import { ConflictsService } from '../conflicts/conflicts.service';
import { lwwConflicts } from '../conflicts/lww-conflicts';
import { QuickKeyLayout } from './quick-key-layout.entity';
import { toQuickKeyLayoutRecord } from './quick-keys.mapper';

type LayoutFields = Omit<QuickKeysUpdatePayload, 'shopId'>;

/**
 * `quick_keys/update` (issue #15): the shop's whole layout, last write wins on hlc with the
 * layout as one field (I6): of two managers arranging offline, the later stamp stands and the
 * other layout goes to the conflict log. Every product it names must be one of the shop's
 * (I9); the first update creates the row.
 */
@Injectable()
export class QuickKeysApplier {
  constructor(private readonly conflicts: ConflictsService) {}

  async update(context: OpContext, payload: QuickKeysUpdatePayload): Promise<AppliedEffect> {
    if (payload.shopId !== context.shopId) throw new OpRejection('FORBIDDEN', 'a shop arranges only its own quick keys');
    await this.checkProducts(context, payload);
    const { manager } = context;
    const fields: LayoutFields = { pages: payload.pages };
    const existing = await manager.findOne(QuickKeyLayout, { where: { shopId: context.shopId }, lock: { mode: 'pessimistic_write' } });
    if (!existing) {
      const state = initialState(['pages'], context.hlc);
      // Two first layouts at once: the loser of the insert race merges as an update.
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO quick_key_layouts (shop_id, pages, hlc, field_hlc) VALUES ($1, $2::jsonb, $3, $4::jsonb) ON CONFLICT (shop_id) DO NOTHING RETURNING shop_id`,
        [context.shopId, JSON.stringify(payload.pages), state.hlc, JSON.stringify(state.fieldHlc)],
      );
      if (inserted.length > 0) return this.effect(context);
      return this.merge(context, await manager.findOneOrFail(QuickKeyLayout, { where: { shopId: context.shopId }, lock: { mode: 'pessimistic_write' } }), fields);
    }
    return this.merge(context, existing, fields);
  }

  private async checkProducts(context: OpContext, payload: QuickKeysUpdatePayload): Promise<void> {
    const ids = quickKeyProductIds(payload.pages);
    if (ids.length === 0) return;
    const found = await selectRows<{ id: string }>(context.manager, 'SELECT id FROM products WHERE shop_id = $1 AND id = ANY($2::uuid[])', [context.shopId, ids]);
    const known = new Set(found.map((row) => row.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new OpRejection('NOT_FOUND', `product ${missing.join(', ')} not found in this shop`);
  }

  private async merge(context: OpContext, layout: QuickKeyLayout, fields: LayoutFields): Promise<AppliedEffect> {
    const before = { hlc: layout.hlc, fieldHlc: layout.fieldHlc };
    const merged = mergeFields<LayoutFields>(before, fields, context.hlc);
    await this.conflicts.record(
      context.manager,
      lwwConflicts<LayoutFields>({
        shopId: context.shopId,
        entity: 'quick_keys',
        entityId: context.shopId,
        opId: context.opId,
        hlc: context.hlc,
        before,
        current: layout,
        incoming: fields,
        merge: merged,
      }),
    );
    if (merged.accepted.pages === undefined) return { changes: [] };
    await context.manager.update(QuickKeyLayout, { shopId: context.shopId }, { pages: merged.accepted.pages, hlc: merged.state.hlc, fieldHlc: merged.state.fieldHlc });
    return this.effect(context);
  }

  private async effect(context: OpContext): Promise<AppliedEffect> {
    const saved = await context.manager.findOneByOrFail(QuickKeyLayout, { shopId: context.shopId });
    return { changes: [{ entity: 'quick_keys', entityId: context.shopId, op: 'upsert', data: toQuickKeyLayoutRecord(saved) }] };
  }
}
