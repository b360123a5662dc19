import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PAYMENT_METHODS, SALE_CUSTOMER_NAME_MAX, SALE_CUSTOMER_PHONE, type PaymentMethod, type PaymentRecord, type SaleCustomer, type SaleLineMeasure, type SaleTaxLine } from '../protocol/entities';
import {
  MAX_LINES_PER_SALE,
  type SaleCreatePayload,
  type SaleLinePayload,
  type SaleRefundLinePayload,
  type SaleRefundPayload,
  type SaleVoidPayload,
} from '../protocol/ops';
import { IsMinorAmount, IsPlausibleDate, IsOmittable } from './common';
import { saleAmounts, saleIsTaxed, saleTaxes, sameTaxLine, sameTaxLines } from '../sale/sale-amounts';
import { MAX_WEIGHT_GRAMS, weighedLinePrice } from '../sale/weighed-price';

export const MAX_QUANTITY = 1_000_000;

/** Highest rate a shop may set: 100 % (10 000 bp). */
export const MAX_TAX_RATE_BP = 10_000;

export class SaleTaxLineDto implements SaleTaxLine {
  @ValidateIf((_, value) => value !== null) @IsUUID() rateId!: string | null;
  @IsString() @Length(1, 100) name!: string;
  @IsInt() @Min(0) @Max(MAX_TAX_RATE_BP) rateBp!: number;
  @IsMinorAmount() base!: number;
  @IsMinorAmount() tax!: number;
}

export class SaleCustomerDto implements SaleCustomer {
  @ValidateIf((_, value) => value !== null) @IsString() @Length(1, SALE_CUSTOMER_NAME_MAX) name!: string | null;
  @ValidateIf((_, value) => value !== null) @Matches(SALE_CUSTOMER_PHONE, { message: 'phone must be 4 to 32 digits, spaces or + ( ) . -' }) phone!: string | null;
}

/** A weighed line's weight and price per kg (issue #15). */
export class SaleLineMeasureDto implements SaleLineMeasure {
  @IsInt() @Min(1) @Max(MAX_WEIGHT_GRAMS) grams!: number;
  @IsMinorAmount() pricePerKg!: number;
}

export class SaleLineDto implements SaleLinePayload {
  @IsUUID() id!: string;
  @IsUUID() productId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsInt() @Min(1) @Max(MAX_QUANTITY) quantity!: number;
  @IsMinorAmount() unitPrice!: number;
  @IsMinorAmount() discount!: number;
  @IsMinorAmount() total!: number;
  @IsUUID() movementId!: string;
  @IsOmittable() @ValidateIf((_, value) => value !== null) @ValidateNested() @Type(() => SaleTaxLineDto) tax?: SaleTaxLineDto | null;
  @IsOmittable() @ValidateIf((_, value) => value !== null) @ValidateNested() @Type(() => SaleLineMeasureDto) measure?: SaleLineMeasureDto | null;
}

export class PaymentDto implements PaymentRecord {
  @IsIn(PAYMENT_METHODS) method!: PaymentMethod;
  @IsMinorAmount() @NotEquals(0) amount!: number;
  @IsOmittable() @IsMinorAmount() tendered?: number;
  @IsOmittable() @IsString() @Length(1, 100) reference?: string;
}

export class SaleCreateDto implements SaleCreatePayload {
  @IsUUID() id!: string;
  @Matches(/^[A-Z0-9]{1,8}-\d{6,}$/, { message: 'number must look like T01-000123' }) number!: string;
  @IsUUID() cashierId!: string;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency!: string;
  @IsMinorAmount() subtotal!: number;
  @IsMinorAmount() discount!: number;
  @IsMinorAmount() total!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PaymentDto)
  payments!: PaymentDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES_PER_SALE)
  @ValidateNested({ each: true })
  @Type(() => SaleLineDto)
  lines!: SaleLineDto[];

  @IsPlausibleDate() createdAt!: string;
  /** Cash sessions (issue #11, helper cash). */
  @IsOmittable() @ValidateIf((_, value) => value !== null) @IsUUID() sessionId?: string | null;
  /** Taxes (issue #11 part 2): checked against the lines by `checkSaleArithmetic`. */
  @IsOmittable() @ValidateIf((_, value) => value !== null) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SaleTaxLineDto) taxes?: SaleTaxLineDto[] | null;
  @IsOmittable() @IsBoolean() pricesIncludeTax?: boolean;
  @IsOmittable() @ValidateIf((_, value) => value !== null) @ValidateNested() @Type(() => SaleCustomerDto) customer?: SaleCustomerDto | null;
}

export class VoidMovementDto {
  @IsUUID() id!: string;
  @IsUUID() productId!: string;
  @IsInt() @Min(1) @Max(MAX_QUANTITY) quantity!: number;
}

export class SaleVoidDto implements SaleVoidPayload {
  @IsUUID() saleId!: string;
  @IsString() @Length(1, 500) reason!: string;
  @IsUUID() approvedBy!: string;

  @IsArray()
  @ArrayMaxSize(MAX_LINES_PER_SALE)
  @ValidateNested({ each: true })
  @Type(() => VoidMovementDto)
  movements!: VoidMovementDto[];

  @IsPlausibleDate() createdAt!: string;
}

export class RefundLineDto implements SaleRefundLinePayload {
  @IsUUID() saleLineId!: string;
  @IsUUID() productId!: string;
  @IsInt() @Min(1) @Max(MAX_QUANTITY) quantity!: number;
  @IsMinorAmount() amount!: number;
  @IsUUID() movementId!: string;
  @IsOmittable() @IsMinorAmount() tax?: number;
}

export class SaleRefundDto implements SaleRefundPayload {
  @IsUUID() id!: string;
  @IsUUID() saleId!: string;
  @IsString() @Length(1, 500) reason!: string;
  @IsUUID() approvedBy!: string;
  @IsIn(PAYMENT_METHODS) method!: PaymentMethod;
  @IsMinorAmount() total!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES_PER_SALE)
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  lines!: RefundLineDto[];

  @IsPlausibleDate() createdAt!: string;
  /** Cash sessions (issue #11, helper cash). */
  @IsOmittable() @ValidateIf((_, value) => value !== null) @IsUUID() sessionId?: string | null;
  /** Checked by the server against the sale's line taxes (`refundLineTax`, `refundTaxes`). */
  @IsOmittable() @ValidateIf((_, value) => value !== null) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SaleTaxLineDto) taxes?: SaleTaxLineDto[] | null;
}

/** What a refund DTO cannot express: its total is the sum of its lines, each line and movement once. */
export function checkRefundArithmetic(refund: SaleRefundPayload): string[] {
  const problems: string[] = [];
  const total = refund.lines.reduce((sum, line) => sum + line.amount, 0);
  if (refund.total !== total) problems.push(`total must be the sum of the lines' amounts (${total})`);
  const lines = new Set<string>();
  const ids = new Set<string>([refund.id]);
  for (const line of refund.lines) {
    if (lines.has(line.saleLineId)) problems.push(`sale line ${line.saleLineId} appears twice in the refund`);
    lines.add(line.saleLineId);
    if (ids.has(line.movementId)) problems.push(`id ${line.movementId} is used twice in the refund`);
    ids.add(line.movementId);
  }
  return problems;
}

/**
 * Arithmetic a DTO cannot express: line totals, sale totals, payments covering the total.
 * Returns the reasons it fails (empty when the sale adds up).
 */
export function checkSaleArithmetic(sale: SaleCreatePayload): string[] {
  const problems: string[] = [];
  // Every derived amount is recomputed with the one definition (I10), never trusted as sent.
  const amounts = saleAmounts(sale.lines, sale.discount);
  sale.lines.forEach((line, index) => {
    const expected = amounts.lineTotals[index]!;
    if (line.total !== expected) problems.push(`lines.${index}.total must be unitPrice × quantity − discount (${expected})`);
    problems.push(...measureProblems(line, index));
  });
  if (sale.subtotal !== amounts.subtotal) problems.push(`subtotal must be the sum of line totals (${amounts.subtotal})`);
  if (!saleIsTaxed(sale)) {
    // A terminal from before taxes (#11): the sale carries none and counts none.
    if (sale.pricesIncludeTax === false) problems.push('pricesIncludeTax: a sale with prices before tax must carry its taxes');
    if (sale.total !== amounts.total) problems.push(`total must be subtotal − discount (${amounts.total})`);
  } else {
    problems.push(...checkSaleTaxes(sale, amounts.paid));
  }
  if (sale.total < 0) problems.push('total must not be negative');
  amounts.paid.forEach((paid, index) => {
    if (paid < 0) problems.push(`lines.${index}: the sale discount leaves this line below zero (${paid})`);
  });
  const paid = sale.payments.reduce((sum, payment) => sum + payment.amount, 0);
  if (paid !== sale.total) problems.push(`payments must add up to the total (${sale.total}), got ${paid}`);
  const ids = new Set<string>();
  for (const line of sale.lines) {
    for (const id of [line.id, line.movementId]) {
      if (ids.has(id) || id === sale.id) problems.push(`id ${id} is used twice in the sale`);
      ids.add(id);
    }
  }
  return problems;
}

/** A weighed line is one weighing: quantity 1 at the price `weighedLinePrice` gives for its weight (I10). */
function measureProblems(line: SaleLinePayload, index: number): string[] {
  if (!line.measure) return [];
  const problems: string[] = [];
  if (line.quantity !== 1) problems.push(`lines.${index}.quantity must be 1 on a weighed line`);
  const expected = weighedLinePrice(line.measure.pricePerKg, line.measure.grams);
  if (line.unitPrice !== expected) problems.push(`lines.${index}.unitPrice must be pricePerKg × grams / 1000, half up (${expected})`);
  return problems;
}

/** A taxed sale's line taxes, taxes per rate and total, recomputed from the lines' rates with `saleTaxes` (I10). */
function checkSaleTaxes(sale: SaleCreatePayload, paid: readonly number[]): string[] {
  const problems: string[] = [];
  const missing = sale.lines.findIndex((line) => line.tax === undefined);
  if (missing >= 0) return [`lines.${missing}.tax is required when the sale carries taxes (null: no rate)`];
  const inclusive = sale.pricesIncludeTax !== false;
  const expected = saleTaxes(
    sale.lines.map((line, index) => ({ paid: paid[index]!, rate: line.tax ? { id: line.tax.rateId, name: line.tax.name, rateBp: line.tax.rateBp } : null })),
    inclusive,
  );
  sale.lines.forEach((line, index) => {
    const want = expected.lineTaxes[index]!;
    if (!sameTaxLine(line.tax, want)) problems.push(`lines.${index}.tax must be base ${want?.base} and tax ${want?.tax} at ${line.tax?.rateBp} bp`);
  });
  const taxes = sale.taxes ?? [];
  if (!sameTaxLines(taxes, expected.taxes)) {
    problems.push(`taxes must be the lines' taxes per rate, in the order the rates first appear: ${JSON.stringify(expected.taxes)}`);
  }
  if (sale.total !== expected.total) {
    problems.push(inclusive ? `total must be subtotal − discount (${expected.total})` : `total must be subtotal − discount + taxes (${expected.total})`);
  }
  return problems;
}
