import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PRODUCT_PRICINGS, type ProductPricing, type QuickKeyPage } from '../protocol/entities';
import type {
  ExpenseCreatePayload,
  ExpenseDeletePayload,
  ExpenseUpdatePayload,
  ProductCreatePayload,
  ProductUpdatePayload,
  StockMovementCreatePayload,
  QuickKeysUpdatePayload,
  TaxRateCreatePayload,
  TaxRateUpdatePayload,
} from '../protocol/ops';
import { MAX_QUICK_KEY_PAGE_NAME, MAX_QUICK_KEY_PAGES, MAX_QUICK_KEYS_PER_PAGE, QUICK_KEY_COLORS, type QuickKeyColor } from '../quick-keys/quick-keys';
import { IsMinorAmount, IsPlausibleDate, IsOmittable } from './common';
import { MAX_QUANTITY, MAX_TAX_RATE_BP } from './sale.dto';

const BARCODE = /^[0-9A-Za-z\-.]{4,64}$/;

export class ProductCreateDto implements ProductCreatePayload {
  @IsUUID() id!: string;
  @IsString() @Length(1, 64) sku!: string;
  @ValidateIf((_, value) => value !== null) @Matches(BARCODE, { message: 'barcode must be 4 to 64 letters or digits' }) barcode!: string | null;
  @IsString() @Length(1, 200) name!: string;
  @IsMinorAmount() price!: number;
  @ValidateIf((_, value) => value !== null) @IsMinorAmount() cost!: number | null;
  @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 100) category!: string | null;
  @IsInt() @Min(0) @Max(MAX_QUANTITY) lowStockThreshold!: number;
  @IsOmittable() @ValidateIf((_, value) => value !== null) @IsUUID() taxRateId?: string | null;
  @IsOmittable() @IsIn(PRODUCT_PRICINGS) pricing?: ProductPricing;
}

export class ProductUpdateDto implements ProductUpdatePayload {
  @IsUUID() id!: string;
  @IsOmittable() @IsString() @Length(1, 64) sku?: string;
  @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(BARCODE, { message: 'barcode must be 4 to 64 letters or digits' }) barcode?: string | null;
  @IsOmittable() @IsString() @Length(1, 200) name?: string;
  @IsOmittable() @IsMinorAmount() price?: number;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsMinorAmount() cost?: number | null;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 100) category?: string | null;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_QUANTITY) lowStockThreshold?: number;
  @IsOmittable() @IsBoolean() archived?: boolean;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsUUID() taxRateId?: string | null;
  @IsOmittable() @IsIn(PRODUCT_PRICINGS) pricing?: ProductPricing;
}

export class TaxRateCreateDto implements TaxRateCreatePayload {
  @IsUUID() id!: string;
  @IsString() @Length(1, 100) name!: string;
  @IsInt() @Min(0) @Max(MAX_TAX_RATE_BP) rateBp!: number;
}

export class TaxRateUpdateDto implements TaxRateUpdatePayload {
  @IsUUID() id!: string;
  @IsOmittable() @IsString() @Length(1, 100) name?: string;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_TAX_RATE_BP) rateBp?: number;
  @IsOmittable() @IsBoolean() archived?: boolean;
}

// Quick keys (issue #15): bounded pages of product ids; `quickKeyLayoutProblems` checks what a DTO cannot.
export class QuickKeyPageDto implements QuickKeyPage {
  @IsUUID() id!: string;
  @IsString() @Length(1, MAX_QUICK_KEY_PAGE_NAME) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @ValidateIf((_, value) => value !== null) @IsIn(QUICK_KEY_COLORS) color!: QuickKeyColor | null;
  @IsArray() @ArrayMaxSize(MAX_QUICK_KEYS_PER_PAGE) @IsUUID(undefined, { each: true }) productIds!: string[];
}

export class QuickKeysUpdateDto implements QuickKeysUpdatePayload {
  @IsUUID() shopId!: string;
  @IsArray() @ArrayMaxSize(MAX_QUICK_KEY_PAGES) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => QuickKeyPageDto) pages!: QuickKeyPageDto[];
}

export const MANUAL_MOVEMENT_TYPES = ['OPENING', 'ADJUSTMENT', 'RECEIPT', 'COUNT'] as const;

export class StockMovementCreateDto implements StockMovementCreatePayload {
  @IsUUID() id!: string;
  @IsUUID() productId!: string;
  @IsIn(MANUAL_MOVEMENT_TYPES) type!: StockMovementCreatePayload['type'];
  @IsInt() @Min(-MAX_QUANTITY) @Max(MAX_QUANTITY) quantity!: number;
  @ValidateIf((_, value) => value !== null) @IsString() @Length(0, 500) note!: string | null;
  @IsPlausibleDate() createdAt!: string;
}

export class ExpenseCreateDto implements ExpenseCreatePayload {
  @IsUUID() id!: string;
  @IsString() @Length(1, 100) category!: string;
  @IsMinorAmount() amount!: number;
  @ValidateIf((_, value) => value !== null) @IsString() @Length(0, 500) note!: string | null;
  @IsPlausibleDate() date!: string;
}

export class ExpenseUpdateDto implements ExpenseUpdatePayload {
  @IsUUID() id!: string;
  @IsOmittable() @IsString() @Length(1, 100) category?: string;
  @IsOmittable() @IsMinorAmount() amount?: number;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(0, 500) note?: string | null;
  @IsOmittable() @IsPlausibleDate() date?: string;
}

export class ExpenseDeleteDto implements ExpenseDeletePayload {
  @IsUUID() id!: string;
}
