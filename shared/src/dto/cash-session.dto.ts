import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, Min, NotEquals, ValidateIf, ValidateNested } from 'class-validator';
import type { CashMovementType, SessionFigures, ZReport } from '../cash/cash-session';
import { CASH_MOVEMENT_TYPES, Z_NUMBER_PATTERN } from '../cash/cash-session';
import { MAX_PIECES_PER_DENOMINATION, countTotal, type DenominationCount } from '../cash/denominations';
import { addMinor } from '../money/money';
import type { CashMovementPayload, CashSessionClosePayload, CashSessionOpenPayload } from '../protocol/ops';
import { IsMinorAmount, IsOmittable, IsPlausibleDate } from './common';

const nullable = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== null);

/** Pieces counted per note and coin; a key left out counts zero, an unknown key is refused (whitelist). */
export class DenominationCountDto implements DenominationCount {
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) N10000?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) N5000?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) N2000?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) N1000?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) N500?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C500?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C250?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C200?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C100?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C50?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C25?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C10?: number;
  @IsOmittable() @IsInt() @Min(0) @Max(MAX_PIECES_PER_DENOMINATION) C5?: number;
}

export class CashSessionOpenDto implements CashSessionOpenPayload {
  @IsUUID() id!: string;
  @IsUUID() openedBy!: string;
  @IsMinorAmount() openingFloat!: number;
  @nullable() @IsObject() @ValidateNested() @Type(() => DenominationCountDto) openingCount!: DenominationCountDto | null;
  @IsPlausibleDate() openedAt!: string;
}

export class CashMovementDto implements CashMovementPayload {
  @IsUUID() id!: string;
  @IsUUID() sessionId!: string;
  @IsIn(CASH_MOVEMENT_TYPES) type!: CashMovementType;
  @IsMinorAmount() @NotEquals(0) amount!: number;
  @IsString() @Length(1, 200) reason!: string;
  @nullable() @IsUUID() approvedBy!: string | null;
  @IsPlausibleDate() createdAt!: string;
}

export class MethodAmountsDto {
  @IsMinorAmount({ allowNegative: true }) CASH!: number;
  @IsMinorAmount({ allowNegative: true }) MOBILE_MONEY!: number;
  @IsMinorAmount({ allowNegative: true }) CARD!: number;
}

export class ZTaxLineDto {
  @nullable() @IsUUID() rateId!: string | null;
  @IsString() @Length(1, 100) name!: string;
  @IsInt() @Min(0) @Max(100_000) rateBp!: number;
  @IsMinorAmount({ allowNegative: true }) base!: number;
  @IsMinorAmount({ allowNegative: true }) tax!: number;
}

const RECEIPT_NUMBER = /^[A-Z0-9]{1,8}-\d{6,}$/;

export class ZReportDto implements ZReport {
  @Matches(Z_NUMBER_PATTERN, { message: 'number must look like T01-Z000001' }) number!: string;
  @IsInt() @Min(0) salesCount!: number;
  @IsMinorAmount() grossSales!: number;
  @IsMinorAmount() discounts!: number;
  @IsMinorAmount({ allowNegative: true }) netSales!: number;
  @IsOmittable() @IsMinorAmount() taxAdded?: number;
  @IsObject() @ValidateNested() @Type(() => MethodAmountsDto) takings!: MethodAmountsDto;
  @IsInt() @Min(0) refundsCount!: number;
  @IsMinorAmount() refundsTotal!: number;
  @IsObject() @ValidateNested() @Type(() => MethodAmountsDto) refunds!: MethodAmountsDto;
  @IsInt() @Min(0) voidsCount!: number;
  @IsMinorAmount() voidsTotal!: number;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ZTaxLineDto) taxes!: ZTaxLineDto[];
  @IsMinorAmount() paidIn!: number;
  @IsMinorAmount() paidOut!: number;
  @IsMinorAmount() openingFloat!: number;
  @IsMinorAmount({ allowNegative: true }) expectedCash!: number;
  @nullable() @Matches(RECEIPT_NUMBER, { message: 'firstReceipt must look like T01-000123' }) firstReceipt!: string | null;
  @nullable() @Matches(RECEIPT_NUMBER, { message: 'lastReceipt must look like T01-000123' }) lastReceipt!: string | null;
  @IsMinorAmount() counted!: number;
  @IsMinorAmount({ allowNegative: true }) variance!: number;
  @IsPlausibleDate() openedAt!: string;
  @IsPlausibleDate() closedAt!: string;
}

export class CashSessionCloseDto implements CashSessionClosePayload {
  @IsUUID() sessionId!: string;
  @IsUUID() closedBy!: string;
  @IsMinorAmount() counted!: number;
  @nullable() @IsObject() @ValidateNested() @Type(() => DenominationCountDto) closingCount!: DenominationCountDto | null;
  @IsPlausibleDate() closedAt!: string;
  @IsObject() @ValidateNested() @Type(() => ZReportDto) z!: ZReportDto;
}

/** What the open DTO cannot express: a float counted with the grid is the grid's total. */
export function checkOpenArithmetic(open: CashSessionOpenPayload): string[] {
  if (open.openingCount === null) return [];
  const total = countTotal(open.openingCount);
  return total === open.openingFloat ? [] : [`openingFloat must be the total of openingCount (${total})`];
}

/**
 * What the close DTO cannot express: the Z report adds up within itself (the server then
 * recomputes it from its own rows and shows any difference to managers).
 */
export function checkCloseArithmetic(close: CashSessionClosePayload): string[] {
  const problems: string[] = [];
  const z: ZReport = close.z;
  if (close.closingCount !== null && countTotal(close.closingCount) !== close.counted) {
    problems.push(`counted must be the total of closingCount (${countTotal(close.closingCount)})`);
  }
  if (z.counted !== close.counted) problems.push('z.counted must equal counted');
  if (z.closedAt !== close.closedAt) problems.push('z.closedAt must equal closedAt');
  // Prices before tax: the tax added on top is in what the sales came to (taxAdded).
  const net = z.grossSales - z.discounts + (z.taxAdded ?? 0);
  if (z.netSales !== net) problems.push(`z.netSales must be grossSales − discounts + taxAdded (${net})`);
  const refunds = addMinor(z.refunds.CASH, z.refunds.MOBILE_MONEY, z.refunds.CARD);
  if (z.refundsTotal !== refunds) problems.push(`z.refundsTotal must be the sum of z.refunds (${refunds})`);
  const expected = expectedCashOf(z);
  if (z.expectedCash !== expected) problems.push(`z.expectedCash must be openingFloat + cash takings − cash refunds + paidIn − paidOut (${expected})`);
  if (z.variance !== z.counted - z.expectedCash) problems.push(`z.variance must be counted − expectedCash (${z.counted - z.expectedCash})`);
  if (Date.parse(z.openedAt) > Date.parse(z.closedAt)) problems.push('z.openedAt must not be after z.closedAt');
  return problems;
}

function expectedCashOf(z: SessionFigures): number {
  return z.openingFloat + z.takings.CASH - z.refunds.CASH + z.paidIn - z.paidOut;
}
