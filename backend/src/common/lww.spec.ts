import { encodeHlc } from '@seri/shared';
import { initialState, mergeFields } from './lww';

const stamp = (ms: number, node = 'dev-a', counter = 0) => encodeHlc({ ms, counter, node });

describe('mergeFields', () => {
  const base = initialState(['name', 'price'], stamp(1_000));

  it('[I6] takes a field from a newer stamp and refuses it from an older one', () => {
    const newer = mergeFields<{ name: string; price: number }>(base, { price: 500 }, stamp(2_000));
    expect(newer.accepted).toEqual({ price: 500 });
    expect(newer.state.fieldHlc['price']).toBe(stamp(2_000));
    expect(newer.state.hlc).toBe(stamp(2_000));

    const older = mergeFields<{ name: string; price: number }>(newer.state, { price: 400, name: 'Riz' }, stamp(1_500));
    expect(older.accepted).toEqual({ name: 'Riz' });
    expect(older.refused).toEqual(['price']);
    expect(older.state.hlc).toBe(stamp(2_000));
  });

  it('[I6] breaks a same-millisecond tie by node id, the same way on every side', () => {
    const a = mergeFields<{ price: number }>(base, { price: 1 }, stamp(5_000, 'dev-a'));
    const b = mergeFields<{ price: number }>(a.state, { price: 2 }, stamp(5_000, 'dev-b'));
    expect(b.accepted).toEqual({ price: 2 });
    const again = mergeFields<{ price: number }>(b.state, { price: 1 }, stamp(5_000, 'dev-a'));
    expect(again.accepted).toEqual({});
  });

  it('ignores fields the op does not carry', () => {
    const merged = mergeFields<{ name: string; price?: number }>(base, { name: 'Sucre', price: undefined }, stamp(3_000));
    expect(merged.accepted).toEqual({ name: 'Sucre' });
    expect(merged.state.fieldHlc['price']).toBe(stamp(1_000));
  });
});
