import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASH_MOVEMENT_TYPES, CASH_SESSION_STATUSES, type CashMovementType, type CashSessionStatus, type SessionFigures, type ZReport } from '@seri/shared';
import { IsOmittable } from '@seri/shared/dto';
import { IsIn, IsUUID } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../admin/common/page';

export class MethodAmountsDocDto {
  @ApiProperty() CASH: number;
  @ApiProperty() MOBILE_MONEY: number;
  @ApiProperty() CARD: number;
}

export class TaxTotalDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) rateId: string | null;
  @ApiProperty({ example: 'TVA 18 %' }) name: string;
  @ApiProperty({ example: 1800, description: 'Rate in basis points.' }) rateBp: number;
  @ApiProperty({ description: 'Amount without tax, net of refunds.' }) base: number;
  @ApiProperty({ description: 'Tax, net of refunds.' }) tax: number;
}

/** The figures of a session, as the shared computation gives them (I11). */
export class SessionFiguresDto implements SessionFigures {
  @ApiProperty({ description: 'Completed sales.' }) salesCount: number;
  @ApiProperty({ description: 'Before discounts.' }) grossSales: number;
  @ApiProperty({ description: 'Line and sale discounts.' }) discounts: number;
  @ApiProperty() netSales: number;
  @ApiProperty({ type: MethodAmountsDocDto, description: 'Takings of completed sales per payment method.' }) takings: MethodAmountsDocDto;
  @ApiProperty() refundsCount: number;
  @ApiProperty() refundsTotal: number;
  @ApiProperty({ type: MethodAmountsDocDto }) refunds: MethodAmountsDocDto;
  @ApiProperty() voidsCount: number;
  @ApiProperty() voidsTotal: number;
  @ApiProperty({ type: [TaxTotalDto] }) taxes: TaxTotalDto[];
  @ApiProperty() paidIn: number;
  @ApiProperty() paidOut: number;
  @ApiProperty() openingFloat: number;
  @ApiProperty({ description: 'float + cash takings − cash refunds + paid-in − paid-out.' }) expectedCash: number;
  @ApiProperty({ type: String, nullable: true, example: 'T01-000101' }) firstReceipt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'T01-000187' }) lastReceipt: string | null;
}

export class ZReportDocDto extends SessionFiguresDto implements ZReport {
  @ApiProperty({ example: 'T01-Z000012', description: 'Gap-free per terminal.' }) number: string;
  @ApiProperty() counted: number;
  @ApiProperty({ description: 'counted − expectedCash; negative when cash is missing.' }) variance: number;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) closedAt: string;
}

export class CashMovementDocDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASH_MOVEMENT_TYPES }) type: CashMovementType;
  @ApiProperty() amount: number;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) approvedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CashSessionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ example: 'T01' }) terminalCode: string;
  @ApiProperty({ enum: CASH_SESSION_STATUSES }) status: CashSessionStatus;
  @ApiProperty({ format: 'uuid' }) openedBy: string;
  @ApiProperty() openedByName: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty() openingFloat: number;
  @ApiProperty({ type: String, nullable: true, example: 'T01-Z000012' }) zNumber: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Counted at the close.' }) counted: number | null;
  @ApiProperty({ description: 'Expected cash by the server’s own figures (live while open).' }) expectedCash: number;
  @ApiProperty({ type: Number, nullable: true, description: 'counted − expected, as on the Z report.' }) variance: number | null;
  @ApiProperty({ description: 'The Z report’s figures differ from the server’s recomputation.' }) differs: boolean;
}

export class CashSessionDetailDto extends CashSessionSummaryDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedBy: string | null;
  @ApiProperty({ type: [CashMovementDocDto] }) movements: CashMovementDocDto[];
  @ApiProperty({ type: ZReportDocDto, nullable: true, description: 'As the terminal printed it at the close.' }) z: ZReportDocDto | null;
  @ApiProperty({ type: SessionFiguresDto, description: 'Recomputed now from the sales, refunds and movements the server holds.' }) serverFigures: SessionFiguresDto;
  @ApiProperty({ type: [String], description: 'Names of the figures where the Z report and the server differ (empty: equal to the franc).' }) differences: string[];
}

export class CashSessionPageDto extends PageInfoDto {
  @ApiProperty({ type: [CashSessionSummaryDto] }) items: CashSessionSummaryDto[];
}

export class CashSessionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASH_SESSION_STATUSES }) @IsOmittable() @IsIn(CASH_SESSION_STATUSES) status?: CashSessionStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() deviceId?: string;
}
