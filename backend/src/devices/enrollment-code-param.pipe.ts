import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const CODE = /^[A-Za-z0-9][A-Za-z0-9 _.-]{2,62}[A-Za-z0-9]$/;

/** An enrollment code in a path: the same shape enrollment accepts (4 to 64 printable characters). */
@Injectable()
export class EnrollmentCodeParamPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says this parameter accepts (the same rule). */
  static readonly openApiSchema = { type: 'string', pattern: CODE.source, minLength: 4, maxLength: 64 };

  transform(value: string): string {
    if (!CODE.test(value)) throw new BadRequestException('code must be an enrollment code');
    return value;
  }
}
