import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRODUCT_PRICINGS, type ProductPricing, type ProductRecord } from '@seri/shared';
import { IsMinorAmount, MAX_QUANTITY, IsOmittable } from '@seri/shared/dto';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../common/page';

export const BARCODE = /^[0-9A-Za-z\-.]{4,64}$/;
const BARCODE_MESSAGE = 'barcode must be 4 to 64 letters, digits, dots or dashes';
const PRICING_DESCRIPTION = 'How the till prices it: UNIT, `price` per unit; WEIGHT, `price` per kg (the cashier weighs it); OPEN, the cashier types the amount (`price` a suggestion).';
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ProductDto implements ProductRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty({ example: 'RIZ-5KG' }) sku: string;
  @ApiProperty({ type: String, nullable: true, example: '6111234567890' }) barcode: string | null;
  @ApiProperty({ example: 'Riz parfumé 5 kg' }) name: string;
  @ApiProperty({ description: 'Integer minor units of the shop currency.', example: 4500 }) price: number;
  @ApiProperty({ type: Number, nullable: true, example: 3800 }) cost: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Épicerie' }) category: string | null;
  @ApiProperty({ example: 5 }) lowStockThreshold: number;
  @ApiProperty() archived: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The product’s tax rate; null: the shop’s default rate.' }) taxRateId: string | null;
  @ApiProperty({ enum: PRODUCT_PRICINGS, description: PRICING_DESCRIPTION }) pricing: ProductPricing;
  @ApiProperty({ description: 'Hybrid logical clock of the last accepted write (I6).' }) hlc: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Current stock: opening plus every movement (I4).', example: 42 }) stock: number;
}

export class ProductPageDto extends PageInfoDto {
  @ApiProperty({ type: [ProductDto] }) items: ProductDto[];
}

export class CreateProductDto {
  @ApiProperty({ example: 'RIZ-5KG', description: 'Unique in the shop.' }) @Transform(trim) @IsString() @Length(1, 64) sku: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Unique in the shop.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(BARCODE, { message: BARCODE_MESSAGE })
  barcode?: string | null;
  @ApiProperty({ example: 'Riz parfumé 5 kg' }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 4500 }) @IsMinorAmount() price: number;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 3800 }) @IsOptional() @ValidateIf((_, value) => value !== null) @IsMinorAmount() cost?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @Transform(trim) @IsString() @Length(1, 100) category?: string | null;
  @ApiPropertyOptional({ default: 0 }) @IsOmittable() @IsInt() @Min(0) @Max(MAX_QUANTITY) lowStockThreshold?: number;
  @ApiPropertyOptional({ description: 'Units on the shelf now: recorded as the OPENING stock movement.', default: 0 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  openingStock?: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A non-archived tax rate of the shop; null: the shop’s default rate.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  taxRateId?: string | null;
  @ApiPropertyOptional({ enum: PRODUCT_PRICINGS, default: 'UNIT', description: PRICING_DESCRIPTION }) @IsOmittable() @IsIn(PRODUCT_PRICINGS) pricing?: ProductPricing;
}

/** Fields to change; archiving has its own routes. */
export class UpdateProductDto {
  @ApiPropertyOptional() @IsOmittable() @Transform(trim) @IsString() @Length(1, 64) sku?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(BARCODE, { message: BARCODE_MESSAGE }) barcode?: string | null;
  @ApiPropertyOptional() @IsOmittable() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOmittable() @IsMinorAmount() price?: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @IsMinorAmount() cost?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @Transform(trim) @IsString() @Length(1, 100) category?: string | null;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(MAX_QUANTITY) lowStockThreshold?: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A non-archived tax rate of the shop; null: the shop’s default rate.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  taxRateId?: string | null;
  @ApiPropertyOptional({ enum: PRODUCT_PRICINGS, default: 'UNIT', description: PRICING_DESCRIPTION }) @IsOmittable() @IsIn(PRODUCT_PRICINGS) pricing?: ProductPricing;
}

export const ARCHIVED_FILTERS = ['false', 'true', 'all'] as const;

export class ProductListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name or SKU, or an exact barcode.' }) @IsOmittable() @IsString() @Length(1, 100) search?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 100) category?: string;
  @ApiPropertyOptional({ enum: ARCHIVED_FILTERS, default: 'false', description: 'Archived products too, or only them.' })
  @IsOmittable()
  @IsIn(ARCHIVED_FILTERS)
  archived?: (typeof ARCHIVED_FILTERS)[number];
}

export class ImportProductsDto {
  @ApiProperty({
    description:
      'CSV text with a header line. Columns: sku (required), name, price, barcode, cost, category, lowStockThreshold, archived, openingStock, ' +
      'taxRate (a tax rate of the shop by its name, e.g. "TVA 18 %"; empty: the shop’s default rate; `tax_rate` is read the same), ' +
      'pricing (UNIT, WEIGHT or OPEN; empty: UNIT) ' +
      '(id, stock and updatedAt of an export are ignored). A row whose sku exists updates the columns given; others create products.',
  })
  @IsString()
  @Length(1, 4 * 1024 * 1024)
  csv: string;

  @ApiPropertyOptional({ description: 'Check the file and count what would change, without writing.' }) @IsOmittable() @IsBoolean() dryRun?: boolean;
}

export class ImportFailureDto {
  @ApiProperty({ description: 'Line in the file (the header is line 1).' }) line: number;
  @ApiProperty() sku: string;
  @ApiProperty() reason: string;
}

export class ImportResultDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: [ImportFailureDto], description: 'Rows a concurrent change made fail while applying (the file itself was valid).' })
  failed: ImportFailureDto[];
}
