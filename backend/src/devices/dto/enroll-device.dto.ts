import type { EnrollRequest } from '@seri/shared';
import { IsString, Length } from 'class-validator';

export class EnrollDeviceDto implements EnrollRequest {
  @IsString() @Length(4, 64) code: string;
  @IsString() @Length(1, 64) name: string;
}
