import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IsCalendarDay, IsOmittable } from '@seri/shared/dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const TAKINGS_GROUPS = ['day', 'payment-method', 'cashier', 'product'] as const;
export type TakingsGroup = (typeof TAKINGS_GROUPS)[number];

export const EXPORTABLE_REPORTS = [
  'takings-by-day',
  'takings-by-payment-method',
  'takings-by-cashier',
  'takings-by-product',
  'expenses-by-category',
  'margin',
  'comparison',
  'taxes',
] as const;
export type ExportableReport = (typeof EXPORTABLE_REPORTS)[number];

/** A period of whole days in the shop's time zone, both ends included. */
export class ReportPeriodDto {
  @ApiProperty({ example: '2025-03-01', description: 'First day (inclusive).' }) @Matches(DAY, { message: 'from must be a YYYY-MM-DD date' }) @IsCalendarDay() from: string;
  @ApiProperty({ example: '2025-03-31', description: 'Last day (inclusive).' }) @Matches(DAY, { message: 'to must be a YYYY-MM-DD date' }) @IsCalendarDay() to: string;
  @ApiPropertyOptional({ example: 'Africa/Dakar', default: 'UTC', description: 'IANA time zone the days are counted in.' })
  @IsOmittable()
  @Matches(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/, { message: 'timeZone must be an IANA time zone such as Africa/Dakar' })
  timeZone?: string;
}

export class TakingsQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: TAKINGS_GROUPS, default: 'day' }) @IsOmittable() @IsIn(TAKINGS_GROUPS) groupBy?: TakingsGroup;
}

export class ComparisonQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ description: 'Start of the period to compare with; default: the same number of days just before.' })
  @IsOmittable()
  @Matches(DAY, { message: 'previousFrom must be a YYYY-MM-DD date' }) @IsCalendarDay()
  previousFrom?: string;
  @ApiPropertyOptional() @IsOmittable() @Matches(DAY, { message: 'previousTo must be a YYYY-MM-DD date' }) @IsCalendarDay() previousTo?: string;
}

export class ExportQueryDto extends ComparisonQueryDto {
  @ApiProperty({ enum: EXPORTABLE_REPORTS }) @IsIn(EXPORTABLE_REPORTS) report: ExportableReport;
}

export class ReportRowDto {
  @ApiProperty({ description: 'Day (YYYY-MM-DD), payment method, cashier id or product id.' }) key: string;
  @ApiProperty({ description: 'What to show for the key (name of the cashier or product).' }) label: string;
  @ApiProperty({ description: 'Number of sales.' }) sales: number;
  @ApiPropertyOptional({ description: 'Units sold less units refunded (by product).' }) quantity?: number;
  @ApiProperty({ description: 'Takings of the sales, minor units.' }) gross: number;
  @ApiProperty({ description: 'Refunds paid out in the period, minor units.' }) refunds: number;
  @ApiProperty({ description: 'gross − refunds' }) total: number;
}

export class ReportPeriodEchoDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ example: 'XOF' }) currency: string;
}

export class TakingsReportDto extends ReportPeriodEchoDto {
  @ApiProperty({ enum: TAKINGS_GROUPS }) groupBy: TakingsGroup;
  @ApiProperty({ description: 'Completed sales in the period (voided ones excluded).' }) sales: number;
  @ApiProperty({ description: 'Their takings, minor units.' }) gross: number;
  @ApiProperty({ description: 'Refunds paid out in the period.' }) refunds: number;
  @ApiProperty({ description: 'gross − refunds: the money the shop kept.' }) total: number;
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
}

export class ExpenseRowDto {
  @ApiProperty() category: string;
  @ApiProperty() count: number;
  @ApiProperty() total: number;
}

export class ExpensesReportDto extends ReportPeriodEchoDto {
  @ApiProperty() count: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [ExpenseRowDto] }) rows: ExpenseRowDto[];
}

export class MarginReportDto extends ReportPeriodEchoDto {
  @ApiProperty({ description: 'Takings of completed sales less refunds.' }) revenue: number;
  @ApiProperty({ description: 'Refunds paid out in the period (already taken off revenue).' }) refunds: number;
  @ApiProperty({ description: 'Units sold less units refunded, × the product’s current cost, for products with a cost.' }) costOfGoods: number;
  @ApiProperty({ description: 'revenue − costOfGoods' }) grossMargin: number;
  @ApiProperty({ type: Number, nullable: true, description: 'grossMargin / revenue in percent, one decimal.' }) marginPercent: number | null;
  @ApiProperty({ description: 'Line takings of products without a cost (their margin is unknown, counted as all margin).' }) uncostedRevenue: number;
}

export class PeriodFiguresDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() sales: number;
  @ApiProperty({ description: 'Net of refunds.' }) takings: number;
  @ApiProperty() refunds: number;
  @ApiProperty({ description: 'Takings before refunds / sales, rounded down.' }) averageBasket: number;
  @ApiProperty() expenses: number;
  @ApiProperty() costOfGoods: number;
  @ApiProperty() grossMargin: number;
  @ApiProperty({ description: 'grossMargin − expenses' }) net: number;
}

export class ChangeDto {
  @ApiProperty() absolute: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent, one decimal; null when the previous figure is 0.' }) percent: number | null;
}

export class FigureChangesDto {
  @ApiProperty({ type: ChangeDto }) sales: ChangeDto;
  @ApiProperty({ type: ChangeDto }) takings: ChangeDto;
  @ApiProperty({ type: ChangeDto }) refunds: ChangeDto;
  @ApiProperty({ type: ChangeDto }) averageBasket: ChangeDto;
  @ApiProperty({ type: ChangeDto }) expenses: ChangeDto;
  @ApiProperty({ type: ChangeDto }) costOfGoods: ChangeDto;
  @ApiProperty({ type: ChangeDto }) grossMargin: ChangeDto;
  @ApiProperty({ type: ChangeDto }) net: ChangeDto;
}

export class ComparisonReportDto {
  @ApiProperty() timeZone: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: PeriodFiguresDto }) current: PeriodFiguresDto;
  @ApiProperty({ type: PeriodFiguresDto }) previous: PeriodFiguresDto;
  @ApiProperty({ type: FigureChangesDto }) change: FigureChangesDto;
}

export class TaxReportRowDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The rate as the sales copied it (null: a rate not in the shop’s list).' }) rateId: string | null;
  @ApiProperty({ example: 'TVA 18 %' }) name: string;
  @ApiProperty({ example: 1800 }) rateBp: number;
  @ApiProperty({ description: 'Completed sales of the period: amount without tax at this rate.' }) salesBase: number;
  @ApiProperty({ description: 'Their tax at this rate.' }) salesTax: number;
  @ApiProperty({ description: 'Refunds made in the period (of any sale): amount without tax given back.' }) refundsBase: number;
  @ApiProperty({ description: 'Tax given back with those refunds.' }) refundsTax: number;
  @ApiProperty({ description: 'salesBase − refundsBase' }) netBase: number;
  @ApiProperty({ description: 'salesTax − refundsTax: the tax collected, net of refunds.' }) netTax: number;
}

export class TaxReportDto extends ReportPeriodEchoDto {
  @ApiProperty({ description: 'Completed sales of the period that carry no tax data (made before taxes): counted in takings, not here.' }) untaxedSales: number;
  @ApiProperty({ type: [TaxReportRowDto], description: 'One row per rate, highest rate first.' }) rows: TaxReportRowDto[];
  @ApiProperty({ type: TaxReportRowDto, description: 'The sums over the rows (rateId null, name "total").' }) total: TaxReportRowDto;
}
