import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type PaymentMethod, type PaymentRecord, type SaleCustomer, type SaleLineMeasure, type SaleStatus, type SaleTaxLine } from '@seri/shared';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { terminalCode } from '../../devices/device.entity';
import { AdminOpsService } from '../admin-ops.service';
import { CURSOR_KEY, decodeCursor, pageSize, toPage, type Page } from '../common/page';
import { SqlParams } from '../common/sql-builder';
import type { SaleDetailDto, SaleLineDto, SaleListQueryDto, SaleRefundDto, SaleSummaryDto } from './dto/sale.dto';

interface SaleRow {
  id: string;
  number: string;
  status: SaleStatus;
  currency: string;
  subtotal: string;
  discount: string;
  total: string;
  payments: PaymentRecord[];
  cashier_id: string;
  cashier_name: string;
  device_id: string;
  terminal_number: number;
  line_count: number;
  refunded: string;
  created_at: Date;
  recorded_at: Date;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
  created_us: string;
  taxes: SaleTaxLine[] | null;
  prices_include_tax: boolean | null;
  customer: SaleCustomer | null;
}

interface LineRow {
  id: string;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: string;
  discount: string;
  total: string;
  tax: SaleTaxLine | null;
  measure: SaleLineMeasure | null;
}

interface RefundRow {
  id: string;
  method: PaymentMethod;
  total: string;
  reason: string;
  user_id: string;
  approved_by: string;
  lines: { saleLineId: string; productId: string; quantity: number; amount: number; tax?: number }[];
  taxes: SaleTaxLine[] | null;
  created_at: Date;
}

function toRefund(row: RefundRow): SaleRefundDto {
  return {
    id: row.id,
    method: row.method,
    total: Number(row.total),
    reason: row.reason,
    userId: row.user_id,
    approvedBy: row.approved_by,
    lines: row.lines.map((line) => ({
      saleLineId: line.saleLineId,
      productId: line.productId,
      quantity: line.quantity,
      amount: line.amount,
      ...(line.tax !== undefined ? { tax: line.tax } : {}),
    })),
    taxes: row.taxes,
    createdAt: row.created_at.toISOString(),
  };
}

const CREATED_US = '(extract(epoch FROM s.created_at) * 1000000)::bigint';
const SALE_SELECT = `SELECT s.id, s.number, s.status, s.currency, s.subtotal::text AS subtotal, s.discount::text AS discount, s.total::text AS total,
    s.payments, s.cashier_id, u.name AS cashier_name, s.device_id, d.terminal_number,
    (SELECT count(*)::int FROM sale_lines sl WHERE sl.sale_id = s.id) AS line_count,
    (SELECT COALESCE(sum(sr.total), 0)::text FROM sale_refunds sr WHERE sr.sale_id = s.id) AS refunded,
    s.created_at, s.recorded_at, s.voided_at, s.voided_by, s.void_reason, ${CREATED_US}::text AS created_us,
    s.taxes, s.prices_include_tax, s.customer
  FROM sales s JOIN users u ON u.id = s.cashier_id JOIN devices d ON d.id = s.device_id`;

function toSummary(row: SaleRow): SaleSummaryDto {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    discount: Number(row.discount),
    total: Number(row.total),
    payments: row.payments,
    cashierId: row.cashier_id,
    cashierName: row.cashier_name,
    deviceId: row.device_id,
    terminalCode: terminalCode(row.terminal_number),
    lineCount: row.line_count,
    refunded: Number(row.refunded),
    createdAt: row.created_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}

function toLine(row: LineRow): SaleLineDto {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    quantity: row.quantity,
    unitPrice: Number(row.unit_price),
    discount: Number(row.discount),
    total: Number(row.total),
    tax: row.tax,
    measure: row.measure,
  };
}

/** Sales as the terminals recorded them; a manager can only look, and void (a new op, I5). */
@Injectable()
export class AdminSalesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
  ) {}

  async list(shopId: string, query: SaleListQueryDto): Promise<Page<SaleSummaryDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.integer, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`s.shop_id = ${params.add(shopId)}`];
    if (query.from !== undefined) where.push(`s.created_at >= ${params.add(instant(query.from, 'from'))}`);
    if (query.to !== undefined) where.push(`s.created_at < ${params.add(instant(query.to, 'to'))}`);
    if (query.status !== undefined) where.push(`s.status = ${params.add(query.status)}`);
    if (query.cashierId !== undefined) where.push(`s.cashier_id = ${params.add(query.cashierId)}`);
    if (query.deviceId !== undefined) where.push(`s.device_id = ${params.add(query.deviceId)}`);
    if (query.paymentMethod !== undefined) where.push(`s.payments @> ${params.add(JSON.stringify([{ method: query.paymentMethod }]))}::jsonb`);
    if (query.number !== undefined) where.push(`starts_with(s.number, ${params.add(query.number.toUpperCase())})`);
    if (after) where.push(`(${CREATED_US}, s.id) < (${params.add(after[0])}::bigint, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<SaleRow[]>(
      `${SALE_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, toSummary, (row) => [row.created_us, row.id]);
  }

  async get(shopId: string, saleId: string): Promise<SaleDetailDto> {
    const [row] = await this.dataSource.query<SaleRow[]>(`${SALE_SELECT} WHERE s.shop_id = $1 AND s.id = $2`, [shopId, saleId]);
    if (!row) throw new NotFoundException(`sale ${saleId} not found in this shop`);
    const lines = await this.dataSource.query<LineRow[]>(
      `SELECT id, product_id, name, quantity, unit_price::text AS unit_price, discount::text AS discount, total::text AS total, tax, measure
         FROM sale_lines WHERE sale_id = $1 AND shop_id = $2 ORDER BY line_no`,
      [saleId, shopId],
    );
    const refunds = await this.dataSource.query<RefundRow[]>(
      `SELECT id, method, total::text AS total, reason, user_id, approved_by, lines, taxes, created_at
         FROM sale_refunds WHERE sale_id = $1 AND shop_id = $2 ORDER BY created_at, id`,
      [saleId, shopId],
    );
    return {
      ...toSummary(row),
      lines: lines.map(toLine),
      refunds: refunds.map(toRefund),
      voidedAt: row.voided_at?.toISOString() ?? null,
      voidedBy: row.voided_by,
      voidReason: row.void_reason,
      taxes: row.taxes,
      pricesIncludeTax: row.prices_include_tax,
      customer: row.customer,
    };
  }

  /**
   * Voids a sale as a `sale/void` op approved by the manager: the sale is marked, never
   * edited (I5), and every line's units go back to stock as VOID movements (I4).
   */
  async void(actor: AuthenticatedUser, shopId: string, saleId: string, reason: string): Promise<SaleDetailDto> {
    const sale = await this.get(shopId, saleId);
    if (sale.status === 'VOIDED') throw new ConflictException(`sale ${sale.number} is already voided`);
    if (sale.refunds.length > 0) throw new ConflictException(`sale ${sale.number} has refunds: refund the rest at the till instead of voiding it`);
    const sold = new Map<string, number>();
    for (const line of sale.lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
    await this.ops.apply({ userId: actor.userId, shopId }, [
      {
        entity: 'sale',
        kind: 'void',
        entityId: saleId,
        payload: {
          saleId,
          reason,
          approvedBy: actor.userId,
          movements: [...sold].map(([productId, quantity]) => ({ id: uuidv7(), productId, quantity })),
          createdAt: new Date().toISOString(),
        },
      },
    ]);
    return this.get(shopId, saleId);
  }
}

function instant(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date or date-time`);
  return date;
}
