import { decodeHlc } from '@seri/shared';
import type { LwwMerge, LwwState } from '../common/lww';
import type { NewConflict } from './conflicts.service';

export interface LwwConflictInput<T extends object> {
  shopId: string;
  entity: string;
  entityId: string;
  opId: string | null;
  /** The op's (admitted) stamp. */
  hlc: string;
  /** The row's LWW state and field values before the merge. */
  before: LwwState;
  current: Partial<T>;
  incoming: Partial<T>;
  merge: LwwMerge<T>;
}

/**
 * What a merge made lose (I6): fields an op overwrote that another node had written, and
 * fields an op brought that a newer write already held. A value rewritten by the node that
 * wrote it, or rewritten to the same value, is an edit, not a conflict. A replay of the
 * very same write (equal stamp) is nothing.
 */
export function lwwConflicts<T extends object>(input: LwwConflictInput<T>): NewConflict[] {
  const conflicts: NewConflict[] = [];
  const base = { shopId: input.shopId, entity: input.entity, entityId: input.entityId, opId: input.opId };
  const node = decodeHlc(input.hlc).node;
  for (const field of Object.keys(input.merge.accepted) as (keyof T & string)[]) {
    const stamp = input.before.fieldHlc[field] ?? input.before.hlc;
    if (decodeHlc(stamp).node === node || sameValue(input.current[field], input.incoming[field])) continue;
    conflicts.push({
      ...base,
      kind: 'OVERWRITTEN',
      field,
      losingValue: input.current[field],
      winningValue: input.incoming[field],
      losingHlc: stamp,
      winningHlc: input.hlc,
    });
  }
  for (const field of input.merge.refused) {
    const stamp = input.before.fieldHlc[field] ?? input.before.hlc;
    if (stamp === input.hlc || sameValue(input.current[field], input.incoming[field])) continue;
    conflicts.push({
      ...base,
      kind: 'REFUSED',
      field,
      losingValue: input.incoming[field],
      winningValue: input.current[field],
      losingHlc: input.hlc,
      winningHlc: stamp,
    });
  }
  return conflicts;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
