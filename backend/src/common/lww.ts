import { compareHlc } from '@seri/shared';

export interface LwwState {
  /** Highest stamp of any accepted write to the row. */
  hlc: string;
  /** Stamp of the last accepted write per field; a field missing here dates from `hlc`. */
  fieldHlc: Record<string, string>;
}

export interface LwwMerge<T> {
  /** Fields the op wins, with their new values. */
  accepted: Partial<T>;
  /** Fields a newer write already holds (the conflict log of the sync issue will record these). */
  refused: (keyof T & string)[];
  state: LwwState;
}

/**
 * Last write wins per field by hybrid logical clock (I6): each field the op carries is
 * taken only if the op's stamp is newer than that field's stamp. Ties cannot happen
 * between devices (the stamp ends with the node id); an equal stamp is the same write.
 */
export function mergeFields<T extends object>(current: LwwState, incoming: Partial<T>, hlc: string): LwwMerge<T> {
  const accepted: Partial<T> = {};
  const refused: (keyof T & string)[] = [];
  const fieldHlc = { ...current.fieldHlc };
  for (const field of Object.keys(incoming) as (keyof T & string)[]) {
    if (incoming[field] === undefined) continue;
    const fieldStamp = fieldHlc[field] ?? current.hlc;
    if (compareHlc(hlc, fieldStamp) > 0) {
      accepted[field] = incoming[field];
      fieldHlc[field] = hlc;
    } else {
      refused.push(field);
    }
  }
  const rowHlc = compareHlc(hlc, current.hlc) > 0 ? hlc : current.hlc;
  return { accepted, refused, state: { hlc: rowHlc, fieldHlc } };
}

/** Stamps every field of a new row with the writing op's stamp. */
export function initialState(fields: readonly string[], hlc: string): LwwState {
  return { hlc, fieldHlc: Object.fromEntries(fields.map((field) => [field, hlc])) };
}
