import type { ValueTransformer } from 'typeorm';

/**
 * Money and counters are stored as bigint; node-postgres hands them back as strings.
 * Every value we store is a safe integer (shared `MAX_AMOUNT_MINOR`), so Number is exact.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
