import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { quickAccept, unknownKeys } from './quick-accept';

export { unknownKeys };

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * One validation pass for both sides: whitelist + forbidNonWhitelisted, as the backend's
 * ValidationPipe. Errors name the field by its path (`ops.0.payload.lines.1.quantity ...`).
 */
export function validateAs<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): Validated<T> {
  // Well-formed input (nearly all of it) is accepted by the same decorators without
  // class-transformer's copy; anything else gets class-validator's verdict and messages.
  if (quickAccept(cls, plain)) return { ok: true, value: plain as T };
  return classValidatorVerdict(cls, plain, prefix);
}

/** class-validator's own pass (class-transformer, then validateSync): the reference `quickAccept` is tested against. */
export function classValidatorVerdict<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): Validated<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, errors: [`${prefix || 'body'} must be an object`] };
  }
  // Own keys of the parsed object first: class-transformer's copy drops some (`__proto__`, `constructor`).
  const unknown = unknownKeys(cls, plain, prefix);
  if (unknown.length > 0) return { ok: false, errors: unknown };
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) return { ok: false, errors: flattenValidationErrors(errors, prefix) };
  return { ok: true, value: instance };
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  const messages: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator starts its messages with the bare property name; put the full path there.
      messages.push(message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`);
    }
    if (error.children && error.children.length > 0) messages.push(...flattenValidationErrors(error.children, path));
  }
  return messages;
}
