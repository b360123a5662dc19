import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** An enrollment code in a path: the same shape enrollment accepts (4 to 64 printable characters). */
@Injectable()
export class EnrollmentCodeParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{2,62}[A-Za-z0-9]$/.test(value)) throw new BadRequestException('code must be an enrollment code');
    return value;
  }
}
