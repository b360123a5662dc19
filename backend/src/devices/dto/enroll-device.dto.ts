import { ApiProperty } from '@nestjs/swagger';
import type { EnrollRequest } from '@seri/shared';
import { IsString, Length } from 'class-validator';

export class EnrollDeviceDto implements EnrollRequest {
  @ApiProperty({ example: 'DEMO-SHOP', description: 'Matched case-insensitively.' }) @IsString() @Length(4, 64) code: string;
  @ApiProperty({ example: 'Caisse 1' }) @IsString() @Length(1, 64) name: string;
}
