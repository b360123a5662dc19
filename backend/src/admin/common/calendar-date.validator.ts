import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The longest instant the admin API reads (`2025-03-01T10:00:00.123456+01:00`): IsISO8601 alone takes any number of fraction digits. */
export const MAX_INSTANT_LENGTH = 32;

/** True when the text starts with a day that exists (2025-02-28 yes, 2025-02-30 no). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The day part of an ISO date is a real day: JavaScript would quietly read 2025-02-30 as
 * 2 March, and a manager's typo would land on another day of the books.
 */
export function IsCalendarDay(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCalendarDay',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a day that exists`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDay(value) },
    });
  };
}
