import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EnrollRequest, EnrollResponse, ShopRecord } from '@seri/shared';
import { IsString, Length } from 'class-validator';

export class EnrollDeviceDto implements EnrollRequest {
  @ApiProperty({ example: 'DEMO-SHOP', description: 'Matched case-insensitively.' }) @IsString() @Length(4, 64) code: string;
  @ApiProperty({ example: 'Caisse 1' }) @IsString() @Length(1, 64) name: string;
}

export class EnrolledShopDto implements ShopRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'XOF' }) currency: string;
  @ApiProperty({ example: 'fr-SN' }) locale: string;
  @ApiPropertyOptional({ example: 90 }) retentionDays?: number;
}

export class EnrollResponseDto implements EnrollResponse {
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ description: 'Shown once; keep it in the terminal’s secure storage.' }) deviceToken: string;
  @ApiProperty({ example: 'T01' }) terminalCode: string;
  @ApiProperty({ type: EnrolledShopDto }) shop: EnrolledShopDto;
}
