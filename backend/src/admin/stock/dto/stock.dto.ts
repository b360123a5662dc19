import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STOCK_MOVEMENT_TYPES, type StockMovementType } from '@seri/shared';
import { MAX_QUANTITY, IsOmittable, IsQueryInstant } from '@seri/shared/dto';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../common/page';

export class StockLevelDto {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) barcode: string | null;
  @ApiProperty({ description: 'Opening plus every movement (I4). Negative after an offline oversell.' }) quantity: number;
  @ApiProperty() lowStockThreshold: number;
  @ApiProperty({ description: 'quantity ≤ lowStockThreshold' }) low: boolean;
  @ApiProperty() archived: boolean;
}

export class StockLevelPageDto extends PageInfoDto {
  @ApiProperty({ type: [StockLevelDto] }) items: StockLevelDto[];
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class StockLevelQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name or SKU.' }) @IsOmittable() @IsString() @Length(1, 100) search?: string;
  @ApiPropertyOptional({ description: 'Only products at or below their threshold.' }) @IsOmittable() @Transform(toBoolean) @IsBoolean() lowOnly?: boolean;
}

export class StockMovementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() productName: string;
  @ApiProperty({ enum: STOCK_MOVEMENT_TYPES }) type: StockMovementType;
  @ApiProperty({ description: 'Signed: a sale of 2 is −2.' }) quantity: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) saleId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deviceId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it happened (on the terminal, possibly offline).' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the server recorded it.' }) recordedAt: string;
}

export class StockMovementPageDto extends PageInfoDto {
  @ApiProperty({ type: [StockMovementDto] }) items: StockMovementDto[];
}

export class StockMovementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() productId?: string;
  @ApiPropertyOptional({ enum: STOCK_MOVEMENT_TYPES }) @IsOmittable() @IsIn(STOCK_MOVEMENT_TYPES) type?: StockMovementType;
  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive).' }) @IsOmittable() @IsQueryInstant() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Until this instant (exclusive).' }) @IsOmittable() @IsQueryInstant() to?: string;
}

export const ADJUSTMENT_TYPES = ['RECEIPT', 'ADJUSTMENT', 'COUNT'] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

export class CreateAdjustmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty({
    enum: ADJUSTMENT_TYPES,
    description: 'RECEIPT: goods in (quantity > 0). ADJUSTMENT: a signed correction (breakage, theft…). COUNT: quantity is what was counted; the movement is the difference.',
  })
  @IsIn(ADJUSTMENT_TYPES)
  type: AdjustmentType;
  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  quantity: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Livraison fournisseur' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 500)
  note?: string | null;
}

export class AdjustmentResultDto {
  @ApiProperty({ type: StockMovementDto }) movement: StockMovementDto;
  @ApiProperty({ type: StockLevelDto }) level: StockLevelDto;
}
