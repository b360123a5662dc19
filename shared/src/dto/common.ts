import { ValidateIf, registerDecorator, type ValidationOptions } from 'class-validator';
import { isHlc } from '../clock/hlc';
import { MAX_AMOUNT_MINOR } from '../money/money';

/** An amount in integer minor units, within the range every sum stays exact in. */
export function IsMinorAmount(options: { allowNegative?: boolean } & ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isMinorAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      // Read back by the OpenAPI document (its minimum).
      constraints: [options.allowNegative === true],
      options: { message: `${String(propertyName)} must be an integer amount in minor units`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' &&
          Number.isSafeInteger(value) &&
          Math.abs(value) <= MAX_AMOUNT_MINOR &&
          (options.allowNegative === true || value >= 0),
      },
    });
  };
}

export function IsHlcStamp(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isHlcStamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a hybrid logical clock stamp`, ...options },
      validator: { validate: (value: unknown) => isHlc(value) },
    });
  };
}

/** Dates a terminal may send: ISO 8601, not absurdly far in the past or future. */
export const MIN_DATE_MS = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 2 * 24 * 60 * 60 * 1000;
/** The latest instant a query (a report period, a sales filter) may name: nothing lies beyond. */
export const MAX_QUERY_DATE_MS = Date.UTC(2100, 0, 1);

/** Every date and instant the DTOs take, before the field checks (the OpenAPI document reads its longest form). */
export const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:(Z)|([+-])(\d{2}):(\d{2})))?$/;

/**
 * The instant an ISO 8601 text names, checked field by field, or null: `Date.parse` rolls
 * 2026-02-31 over to 3 March and reads hour 24 as the next day, so a sale typed or forged
 * that way would land on another day of the books. Month 1–12, a day the month has, hour
 * 0–23, minute and second 0–59, an offset of at most ±14:59. A bare day is midnight UTC.
 * The one rule for dates on both sides (terminal and server).
 */
export function parseCalendarInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [hour, minute, second] = [Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (match[9] !== undefined) {
    const [offsetHours, offsetRest] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 14 || offsetRest > 59) return null;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const fraction = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  // Date.UTC reads years 0–99 as 1900–1999; the bounds every caller applies refuse those anyway.
  return utc - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A day that exists, written YYYY-MM-DD, between 2000 and 2100 (a report period, an expense's day). */
export function isCalendarDay(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = parseCalendarInstant(text);
  return ms !== null && ms >= MIN_DATE_MS && ms < MAX_QUERY_DATE_MS;
}

/** A date a terminal stamps on what it made (a sale, an expense): a real instant, from 2000 to two days from now. */
export function isPlausibleDate(value: unknown, now: number = Date.now()): value is string {
  if (typeof value !== 'string') return false;
  const ms = parseCalendarInstant(value);
  return ms !== null && ms >= MIN_DATE_MS && ms <= now + MAX_FUTURE_MS;
}

/** An instant a query names (from, to): real, from 2000 to 2100. */
export function isQueryInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const ms = parseCalendarInstant(value);
  return ms !== null && ms >= MIN_DATE_MS && ms < MAX_QUERY_DATE_MS;
}

function dateDecorator(name: string, message: string, test: (value: unknown) => boolean, options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} ${message}`, ...options },
      validator: { validate: test },
    });
  };
}

export function IsPlausibleDate(options: ValidationOptions = {}): PropertyDecorator {
  return dateDecorator('isPlausibleDate', 'must be a real ISO 8601 date between 2000 and two days from now', (value) => isPlausibleDate(value), options);
}

/** YYYY-MM-DD, a day that exists: JavaScript would quietly read 2025-02-30 as 2 March. */
export function IsCalendarDay(options: ValidationOptions = {}): PropertyDecorator {
  return dateDecorator('isCalendarDay', 'must be a day that exists, written YYYY-MM-DD, between 2000 and 2100', isCalendarDay, options);
}

/** An ISO 8601 instant a query names: a real one, between 2000 and 2100. */
export function IsQueryInstant(options: ValidationOptions = {}): PropertyDecorator {
  return dateDecorator('isQueryInstant', 'must be a real ISO 8601 date-time between 2000 and 2100', isQueryInstant, options);
}

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional skips the
 * field's checks for null too, and a null would then reach a column that cannot hold it.
 * Fields that may be null say so with `ValidateIf((_, value) => value !== null)`.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined, options);
}
