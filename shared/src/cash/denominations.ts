import { addMinor, multiplyMinor, type Minor } from '../money/money';

/**
 * The notes and coins of the franc CFA (BCEAO) a cashier counts, largest first. The 500
 * comes as a note and as a coin: both are in the grid, each under its own key.
 */
export const XOF_DENOMINATIONS = [
  { key: 'N10000', value: 10000, kind: 'NOTE' },
  { key: 'N5000', value: 5000, kind: 'NOTE' },
  { key: 'N2000', value: 2000, kind: 'NOTE' },
  { key: 'N1000', value: 1000, kind: 'NOTE' },
  { key: 'N500', value: 500, kind: 'NOTE' },
  { key: 'C500', value: 500, kind: 'COIN' },
  { key: 'C250', value: 250, kind: 'COIN' },
  { key: 'C200', value: 200, kind: 'COIN' },
  { key: 'C100', value: 100, kind: 'COIN' },
  { key: 'C50', value: 50, kind: 'COIN' },
  { key: 'C25', value: 25, kind: 'COIN' },
  { key: 'C10', value: 10, kind: 'COIN' },
  { key: 'C5', value: 5, kind: 'COIN' },
] as const satisfies ReadonlyArray<{ key: string; value: Minor; kind: 'NOTE' | 'COIN' }>;

export type DenominationKey = (typeof XOF_DENOMINATIONS)[number]['key'];
export const DENOMINATION_KEYS: readonly DenominationKey[] = XOF_DENOMINATIONS.map((denomination) => denomination.key);

/** How many of each note and coin were counted; keys left out count zero. */
export type DenominationCount = Partial<Record<DenominationKey, number>>;

/** Most pieces of one kind a count may hold: a drawer, not a vault. */
export const MAX_PIECES_PER_DENOMINATION = 100_000;

/** The amount a count of notes and coins comes to, in minor units (XOF has no minor unit). */
export function countTotal(count: DenominationCount): Minor {
  return addMinor(0, ...XOF_DENOMINATIONS.map((denomination) => multiplyMinor(denomination.value, count[denomination.key] ?? 0)));
}
