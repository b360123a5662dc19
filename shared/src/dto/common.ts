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

export function IsPlausibleDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isPlausibleDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an ISO 8601 date between 2000 and two days from now`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
            return false;
          }
          const ms = Date.parse(value);
          return Number.isFinite(ms) && ms >= MIN_DATE_MS && ms <= Date.now() + MAX_FUTURE_MS;
        },
      },
    });
  };
}

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional skips the
 * field's checks for null too, and a null would then reach a column that cannot hold it.
 * Fields that may be null say so with `ValidateIf((_, value) => value !== null)`.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined, options);
}
