import { HttpStatus, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, unknownKeys } from '@seri/shared/dto';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { httpError } from './error-body';

const NOT_DTOS: ReadonlySet<unknown> = new Set([String, Boolean, Number, Array, Object, Buffer, Date]);

/**
 * Nest's ValidationPipe (whitelist, forbidNonWhitelisted, transform) with one check before
 * it: the own keys of the parsed body or query against the DTO's declared properties.
 * class-validator only sees what class-transformer copied onto the instance, and that copy
 * skips keys such as `__proto__` or `constructor`, which would then pass as if absent.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The same instances the DTOs were decorated with (metadata lives in them).
      validatorPackage: classValidator,
      transformerPackage: classTransformer,
      exceptionFactory: (errors) => {
        const details = flattenValidationErrors(errors);
        return httpError(HttpStatus.BAD_REQUEST, details.join('; ') || 'invalid request', details);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if ((type === 'body' || type === 'query') && typeof metatype === 'function' && !NOT_DTOS.has(metatype)) {
      const unknown = unknownKeys(metatype as classTransformer.ClassConstructor<object>, value, '');
      if (unknown.length > 0) throw httpError(HttpStatus.BAD_REQUEST, unknown.join('; '), unknown);
    }
    return super.transform(value, metadata);
  }
}
