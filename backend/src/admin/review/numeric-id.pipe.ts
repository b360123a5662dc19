import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A bigserial id in a path (conflict log entries, sale reviews). */
@Injectable()
export class NumericIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) throw new BadRequestException('the id must be a positive whole number');
    return value;
  }
}
