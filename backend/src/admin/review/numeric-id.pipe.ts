import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const NUMERIC_ID = /^[1-9]\d{0,17}$/;

/** A bigserial id in a path (conflict log entries, sale reviews). */
@Injectable()
export class NumericIdPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says this parameter accepts (the same rule). */
  static readonly openApiSchema = { type: 'string', pattern: NUMERIC_ID.source, minLength: 1, maxLength: 18 };

  transform(value: string): string {
    if (!NUMERIC_ID.test(value)) throw new BadRequestException('the id must be a positive whole number');
    return value;
  }
}
