import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TaxRateRecord } from '@seri/shared';
import { IsOmittable, MAX_TAX_RATE_BP } from '@seri/shared/dto';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Length, Max, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class TaxRateDto implements TaxRateRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty({ example: 'TVA 18 %' }) name: string;
  @ApiProperty({ example: 1800, description: 'Basis points: 1800 = 18 %, 0 = exempt.' }) rateBp: number;
  @ApiProperty({ description: 'Archived rates stay on past sales and on the products that have them; they cannot be picked anew.' }) archived: boolean;
  @ApiProperty({ description: 'Is it the shop’s default rate (for products without one)?' }) isDefault: boolean;
  @ApiProperty({ description: 'Hybrid logical clock of the last accepted write (I6).' }) hlc: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreateTaxRateDto {
  @ApiProperty({ example: 'TVA 18 %', maxLength: 100 }) @Transform(trim) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: 1800, minimum: 0, maximum: MAX_TAX_RATE_BP }) @IsInt() @Min(0) @Max(MAX_TAX_RATE_BP) rateBp: number;
}

/** A rate is never deleted: `archived: true` takes it off the pick lists. A new rate applies to sales made after it reaches the till. */
export class UpdateTaxRateDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOmittable() @Transform(trim) @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TAX_RATE_BP }) @IsOmittable() @IsInt() @Min(0) @Max(MAX_TAX_RATE_BP) rateBp?: number;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() archived?: boolean;
}
