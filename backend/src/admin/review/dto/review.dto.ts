import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { CONFLICT_KINDS, type ConflictKind } from '../../../conflicts/conflict-log.entity';
import { PageInfoDto, PageQueryDto } from '../../common/page';
import { CONFLICT_RESOLUTIONS, type ConflictResolution } from '../conflict-resolution.entity';
import { REJECTED_OP_RESOLUTIONS, type RejectedOpResolution } from '../rejected-op-resolution.entity';
import { IsOmittable } from '@seri/shared/dto';

export const REVIEW_STATUSES = ['open', 'resolved', 'all'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

const anyValue = { description: 'Any JSON value.', nullable: true } as const;

export class ConflictResolutionDto {
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS }) resolution: ConflictResolution;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The op that restored the losing value.' }) opId: string | null;
  @ApiProperty({ format: 'uuid' }) resolvedBy: string;
  @ApiProperty({ format: 'date-time' }) resolvedAt: string;
}

export class ConflictDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ enum: CONFLICT_KINDS }) kind: ConflictKind;
  @ApiProperty({ example: 'product' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ example: 'price' }) field: string;
  @ApiProperty(anyValue) losingValue: unknown;
  @ApiProperty(anyValue) winningValue: unknown;
  @ApiProperty() losingHlc: string;
  @ApiProperty() winningHlc: string;
  @ApiProperty({ type: String, nullable: true, description: 'Device (or admin user) whose write lost.' }) losingDevice: string | null;
  @ApiProperty({ type: String, nullable: true }) winningDevice: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) opId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ConflictResolutionDto, nullable: true }) resolution: ConflictResolutionDto | null;
}

export class ConflictPageDto extends PageInfoDto {
  @ApiProperty({ type: [ConflictDto] }) items: ConflictDto[];
}

export class ConflictQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, default: 'all' }) @IsOmittable() @IsIn(REVIEW_STATUSES) status?: ReviewStatus;
  @ApiPropertyOptional({ enum: ['product', 'expense', 'sale', 'stock_movement', 'tax_rate'] }) @IsOmittable() @IsIn(['product', 'expense', 'sale', 'stock_movement', 'tax_rate']) entity?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() entityId?: string;
  @ApiPropertyOptional({ enum: CONFLICT_KINDS }) @IsOmittable() @IsIn(CONFLICT_KINDS) kind?: ConflictKind;
}

export class ResolveConflictDto {
  @ApiProperty({
    enum: CONFLICT_RESOLUTIONS,
    description: 'KEEP: the current value stays. RESTORE: the losing value is written again, as a new op that terminals pull.',
  })
  @IsIn(CONFLICT_RESOLUTIONS)
  resolution: ConflictResolution;
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 500) note?: string;
}

export class RejectedOpResolutionDto {
  @ApiProperty({ enum: REJECTED_OP_RESOLUTIONS }) resolution: RejectedOpResolution;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'uuid' }) resolvedBy: string;
  @ApiProperty({ format: 'date-time' }) resolvedAt: string;
}

export class RejectedOpDto {
  @ApiProperty({ format: 'uuid' }) opId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deviceId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ example: 'sale' }) entity: string;
  @ApiProperty({ example: 'create' }) kind: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ example: 'NOT_FOUND' }) code: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The op as the terminal sent it.' }) op: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: RejectedOpResolutionDto, nullable: true }) resolution: RejectedOpResolutionDto | null;
}

export class RejectedOpPageDto extends PageInfoDto {
  @ApiProperty({ type: [RejectedOpDto] }) items: RejectedOpDto[];
}

export class RejectedOpQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, default: 'all' }) @IsOmittable() @IsIn(REVIEW_STATUSES) status?: ReviewStatus;
}

export class ResolveRejectedOpDto {
  @ApiProperty({ enum: REJECTED_OP_RESOLUTIONS, description: 'DISMISSED: nothing to redo. FIXED: redone another way (sale re-entered, customer refunded…).' })
  @IsIn(REJECTED_OP_RESOLUTIONS)
  resolution: RejectedOpResolution;
  @ApiProperty({ example: 'Vente ressaisie sur T02' }) @IsString() @Length(1, 500) note: string;
}

export class StockAlertDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'OVERSOLD' }) kind: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) movementId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) saleId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deviceId: string | null;
  @ApiProperty({ description: 'Stock right after the movement (negative: sold more than the ledger held).' }) quantityAfter: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StockAlertPageDto extends PageInfoDto {
  @ApiProperty({ type: [StockAlertDto] }) items: StockAlertDto[];
}

export class StockAlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only alerts not resolved yet (default true).' })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  openOnly?: boolean;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() productId?: string;
}
