import { encodeHlc } from '@seri/shared';
import { mergeFields } from '../common/lww';
import { lwwConflicts } from './lww-conflicts';

const stamp = (ms: number, node: string) => encodeHlc({ ms, counter: 0, node });

describe('lwwConflicts', () => {
  const base = { shopId: 'shop', entity: 'product', entityId: 'p1', opId: 'op' };
  const before = { hlc: stamp(100, 'dev-a'), fieldHlc: { price: stamp(100, 'dev-a'), name: stamp(50, 'dev-a') } };
  const current = { price: 500, name: 'Savon' };

  it('[I6] logs a value another device overwrote, not one its own writer rewrote or left the same', () => {
    const hlc = stamp(200, 'dev-b');
    const incoming = { price: 600, name: 'Savon' };
    const merge = mergeFields(before, incoming, hlc);
    expect(lwwConflicts({ ...base, hlc, before, current, incoming, merge })).toEqual([
      { ...base, kind: 'OVERWRITTEN', field: 'price', losingValue: 500, winningValue: 600, losingHlc: before.fieldHlc.price, winningHlc: hlc },
    ]);
    const ownHlc = stamp(200, 'dev-a');
    const own = mergeFields(before, incoming, ownHlc);
    expect(lwwConflicts({ ...base, hlc: ownHlc, before, current, incoming, merge: own })).toEqual([]);
  });

  it('[I6] logs an older write that lost, but not a replay of the same write', () => {
    const hlc = stamp(80, 'dev-c');
    const incoming = { price: 450, name: 'Savon noir' };
    const merge = mergeFields(before, incoming, hlc);
    expect(lwwConflicts({ ...base, hlc, before, current, incoming, merge })).toEqual([
      { ...base, kind: 'OVERWRITTEN', field: 'name', losingValue: 'Savon', winningValue: 'Savon noir', losingHlc: before.fieldHlc.name, winningHlc: hlc },
      { ...base, kind: 'REFUSED', field: 'price', losingValue: 450, winningValue: 500, losingHlc: hlc, winningHlc: before.fieldHlc.price },
    ]);
    const replay = mergeFields(before, { price: 999 }, before.fieldHlc.price);
    expect(lwwConflicts({ ...base, hlc: before.fieldHlc.price, before, current, incoming: { price: 999 }, merge: replay })).toEqual([]);
  });
});
