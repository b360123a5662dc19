import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, ROLES, type Role, type ShopRecord } from '@seri/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsMinorAmount, IsOmittable } from '@seri/shared/dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const PHONE = /^\+?[0-9 ().-]{4,32}$/;

export class ShopDto implements ShopRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Boutique Seri — Plateau' }) name: string;
  @ApiProperty({ example: 'XOF', description: 'ISO 4217; amounts are integer minor units of it.' }) currency: string;
  @ApiProperty({ example: 'fr-SN' }) locale: string;
  @ApiPropertyOptional({ example: 90, description: 'Days of sales and expenses terminals keep; absent: 90.' }) retentionDays?: number;
  // Cash sessions (issue #11 part 3, helper cash).
  @ApiProperty({ description: 'Terminals may sell with no cash session open; such sales join the next session.' }) allowSalesWithoutSession: boolean;
  @ApiProperty({ example: 10000, description: 'A paid-in or paid-out above this amount needs a manager’s PIN.' }) cashMovementApprovalThreshold: number;
  // Taxes and legal identity (issue #11 part 2).
  @ApiProperty({ description: 'Prices include tax (true) or tax is added on top at the till (false).' }) pricesIncludeTax: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'Rate of products without a rate of their own; absent: such products carry no tax.', type: String, nullable: true }) defaultTaxRateId?: string | null;
  @ApiPropertyOptional({ example: 'Seri Distribution SARL', type: String, nullable: true }) legalName?: string | null;
  @ApiPropertyOptional({ example: '0012345 2G3', description: 'NINEA, NCC, NIF…: printed on receipts.', type: String, nullable: true }) taxNumber?: string | null;
  @ApiPropertyOptional({ example: 'Rue 10, Plateau, Dakar', type: String, nullable: true }) address?: string | null;
  @ApiPropertyOptional({ example: '+221 33 800 00 00', type: String, nullable: true }) phone?: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateShopDto {
  @ApiProperty({ example: 'Boutique Seri — Plateau' }) @Transform(trim) @IsString() @Length(1, 120) name: string;
  @ApiProperty({ example: 'XOF' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency: string;
  @ApiProperty({ example: 'fr-SN' }) @Matches(LOCALE, { message: 'locale must look like fr or fr-SN' }) locale: string;
}

/** The currency is fixed once the shop exists: every amount ever recorded is in it. */
export class UpdateShopDto {
  @ApiPropertyOptional() @IsOmittable() @Transform(trim) @IsString() @Length(1, 120) name?: string;
  @ApiPropertyOptional({ example: 'fr-SN' }) @IsOmittable() @Matches(LOCALE, { message: 'locale must look like fr or fr-SN' }) locale?: string;
  /** Terminals keep (and a fresh terminal downloads) this many days of sales and expenses (I12). */
  @ApiPropertyOptional({ example: 90, minimum: MIN_RETENTION_DAYS, maximum: MAX_RETENTION_DAYS })
  @IsOmittable()
  @IsInt()
  @Min(MIN_RETENTION_DAYS)
  @Max(MAX_RETENTION_DAYS)
  retentionDays?: number;
  // Cash sessions (issue #11 part 3, helper cash).
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() allowSalesWithoutSession?: boolean;
  @ApiPropertyOptional({ example: 10000 }) @IsOmittable() @IsMinorAmount() cashMovementApprovalThreshold?: number;
  // Taxes and legal identity (issue #11 part 2); null clears a field.
  @ApiPropertyOptional({ description: 'false: prices are before tax, the till adds the tax on top.' }) @IsOmittable() @IsBoolean() pricesIncludeTax?: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A non-archived rate of this shop; null: no default rate.' })
  @IsOmittable()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  defaultTaxRateId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 }) @IsOmittable() @ValidateIf((_, value) => value !== null) @Transform(trim) @IsString() @Length(1, 200) legalName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 }) @IsOmittable() @ValidateIf((_, value) => value !== null) @Transform(trim) @IsString() @Length(1, 64) taxNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 }) @IsOmittable() @ValidateIf((_, value) => value !== null) @Transform(trim) @IsString() @Length(1, 300) address?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '+221 33 800 00 00' })
  @IsOmittable()
  @ValidateIf((_, value) => value !== null)
  @Matches(PHONE, { message: 'phone must be 4 to 32 digits, spaces or + ( ) . -' })
  phone?: string | null;
}

export class ShopAdminDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', description: 'The shop the admin belongs to.' }) homeShopId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) grantedBy: string | null;
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
}
