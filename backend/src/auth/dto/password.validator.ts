import { registerDecorator, type ValidationOptions } from 'class-validator';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from '../passwords';

/** At least 8 characters and at most 72 bytes of UTF-8 (bcrypt ignores what lies beyond). */
export function IsStorablePassword(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isStorablePassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be ${MIN_PASSWORD_LENGTH} characters to ${MAX_PASSWORD_BYTES} bytes long`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && [...value].length >= MIN_PASSWORD_LENGTH && Buffer.byteLength(value, 'utf8') <= MAX_PASSWORD_BYTES,
      },
    });
  };
}
