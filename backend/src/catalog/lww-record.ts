import type { Change } from '@seri/shared';
import type { EntityTarget } from 'typeorm';
import type { AppliedEffect } from '../common/change.types';
import { mergeFields } from '../common/lww';
import type { OpContext } from '../common/op-context';
import type { ConflictsService } from '../conflicts/conflicts.service';
import { lwwConflicts } from '../conflicts/lww-conflicts';
import type { FieldHlc } from './product.entity';

interface LwwRow {
  id: string;
  hlc: string;
  fieldHlc: FieldHlc;
}

/**
 * Merges an op's fields into a catalogue row, last write wins per field by HLC (I6): the
 * fields it loses or overwrites go to the conflict log, the ones it wins are written, and
 * the row's new state becomes one feed upsert (none when the op changed nothing).
 */
export async function mergeLwwRow<R extends LwwRow, F extends object>(
  context: OpContext,
  conflicts: ConflictsService,
  target: { entity: EntityTarget<R>; feed: Change['entity']; toRecord: (row: R) => unknown },
  row: R,
  fields: F,
): Promise<AppliedEffect> {
  const before = { hlc: row.hlc, fieldHlc: row.fieldHlc };
  const merged = mergeFields<F>(before, fields, context.hlc);
  await conflicts.record(
    context.manager,
    lwwConflicts<F>({
      shopId: context.shopId,
      entity: target.feed,
      entityId: row.id,
      opId: context.opId,
      hlc: context.hlc,
      before,
      current: row as unknown as Partial<F>,
      incoming: fields,
      merge: merged,
    }),
  );
  if (Object.keys(merged.accepted).length === 0) return { changes: [] };
  const update = { ...merged.accepted, hlc: merged.state.hlc, fieldHlc: merged.state.fieldHlc };
  await context.manager.update(target.entity, { id: row.id }, update as never);
  const saved = await context.manager.findOneByOrFail(target.entity, { id: row.id } as never);
  return { changes: [{ entity: target.feed, entityId: row.id, op: 'upsert', data: target.toRecord(saved) } as Change] };
}
