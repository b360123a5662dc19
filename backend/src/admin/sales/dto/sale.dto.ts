import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_METHODS, SALE_STATUSES, type PaymentMethod, type SaleCustomer, type SaleLineMeasure, type SaleStatus, type SaleTaxLine } from '@seri/shared';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../common/page';
import { IsOmittable, IsQueryInstant } from '@seri/shared/dto';

export class PaymentDto {
  @ApiProperty({ enum: PAYMENT_METHODS }) method: PaymentMethod;
  @ApiProperty() amount: number;
  @ApiPropertyOptional() tendered?: number;
  @ApiPropertyOptional() reference?: string;
}

/** Tax at one rate, as the sale copied the rate: base + tax = what was paid at that rate. */
export class TaxLineDto implements SaleTaxLine {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) rateId: string | null;
  @ApiProperty({ example: 'TVA 18 %' }) name: string;
  @ApiProperty({ example: 1800 }) rateBp: number;
  @ApiProperty({ description: 'Amount without tax.' }) base: number;
  @ApiProperty() tax: number;
}

export class SaleCustomerDto implements SaleCustomer {
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
}

export class SaleSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'T01-000123' }) number: string;
  @ApiProperty({ enum: SALE_STATUSES }) status: SaleStatus;
  @ApiProperty() currency: string;
  @ApiProperty() subtotal: number;
  @ApiProperty() discount: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [PaymentDto] }) payments: PaymentDto[];
  @ApiProperty({ format: 'uuid' }) cashierId: string;
  @ApiProperty() cashierName: string;
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ example: 'T01' }) terminalCode: string;
  @ApiProperty() lineCount: number;
  @ApiProperty({ description: 'Refunded so far (sum of the sale’s refunds).' }) refunded: number;
  @ApiProperty({ format: 'date-time', description: 'When the cashier made it (possibly offline).' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the server received it.' }) recordedAt: string;
}

export class SaleLineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ description: 'As on the receipt.' }) name: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPrice: number;
  @ApiProperty() discount: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: TaxLineDto, nullable: true, description: 'The line’s rate with its base and tax; null: no rate, or a sale made before taxes.' }) tax: TaxLineDto | null;
  @ApiProperty({ type: () => LineMeasureDto, nullable: true, description: 'A weighed line: the weight and the price per kg it was charged at; null: sold by the unit or at an open price.' })
  measure: LineMeasureDto | null;
}

/** What a weighed line was charged for: unitPrice is the weight at the price per kg, rounded once. */
export class LineMeasureDto implements SaleLineMeasure {
  @ApiProperty({ description: 'Grams on the scale.', example: 1250 }) grams: number;
  @ApiProperty({ description: 'Integer minor units per kilogram.', example: 1200 }) pricePerKg: number;
}

export class RefundLineDto {
  @ApiProperty({ format: 'uuid' }) saleLineId: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() quantity: number;
  @ApiProperty() amount: number;
  @ApiPropertyOptional({ description: 'Tax inside the amount; absent on refunds made before taxes.' }) tax?: number;
}

export class SaleRefundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method: PaymentMethod;
  @ApiProperty() total: number;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) approvedBy: string;
  @ApiProperty({ type: [RefundLineDto] }) lines: RefundLineDto[];
  @ApiProperty({ type: [TaxLineDto], nullable: true, description: 'Taxes given back per rate; null: a refund made before taxes.' }) taxes: TaxLineDto[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SaleDetailDto extends SaleSummaryDto {
  @ApiProperty({ type: [SaleLineDto] }) lines: SaleLineDto[];
  @ApiProperty({ type: [SaleRefundDto], description: 'Refunds made against the sale, oldest first (new records, I5).' }) refunds: SaleRefundDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) voidedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) voidedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) voidReason: string | null;
  @ApiProperty({ type: [TaxLineDto], nullable: true, description: 'Taxes per rate; null: a sale made before taxes (it counts no tax).' }) taxes: TaxLineDto[] | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Were prices tax-inclusive at the till? null: a sale made before taxes.' }) pricesIncludeTax: boolean | null;
  @ApiProperty({ type: SaleCustomerDto, nullable: true }) customer: SaleCustomerDto | null;
}

export class SalePageDto extends PageInfoDto {
  @ApiProperty({ type: [SaleSummaryDto] }) items: SaleSummaryDto[];
}

export class SaleListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Made at or after this instant.' }) @IsOmittable() @IsQueryInstant() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Made before this instant.' }) @IsOmittable() @IsQueryInstant() to?: string;
  @ApiPropertyOptional({ enum: SALE_STATUSES }) @IsOmittable() @IsIn(SALE_STATUSES) status?: SaleStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() cashierId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() deviceId?: string;
  @ApiPropertyOptional({ enum: PAYMENT_METHODS, description: 'Sales with at least one payment of this method.' })
  @IsOmittable()
  @IsIn(PAYMENT_METHODS)
  paymentMethod?: PaymentMethod;
  @ApiPropertyOptional({ description: 'Receipt number, or its start (T01-0001…).' })
  @IsOmittable()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'number must be a receipt number or its start' })
  number?: string;
}

export class VoidSaleDto {
  @ApiProperty({ example: 'Erreur de saisie' }) @IsString() @Length(1, 500) reason: string;
}
