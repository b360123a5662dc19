import type { SaleLineMeasure, SaleLineRecord, SaleRecord, SaleRefundRecord } from '@seri/shared';
import type { SaleRefund } from './sale-refund.entity';
import type { SaleLine } from './sale-line.entity';
import type { Sale } from './sale.entity';

/**
 * The fields a pulled sale line carries, from a stored line or a `sale/create` payload's.
 * `tax` travels when the line has one (null: no rate); a line of a sale made before taxes has none.
 */
export function toSaleLineRecord(
  line: Pick<SaleLine, Exclude<keyof SaleLineRecord, 'tax' | 'measure'>> & Partial<Pick<SaleLineRecord, 'tax'>> & { measure?: SaleLineMeasure | null },
): SaleLineRecord {
  return {
    id: line.id,
    saleId: line.saleId,
    productId: line.productId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discount: line.discount,
    total: line.total,
    movementId: line.movementId,
    ...(line.tax !== undefined ? { tax: line.tax } : {}),
    // Only weighed lines carry it, so a unit line reads as before (issue #15).
    ...(line.measure ? { measure: { grams: line.measure.grams, pricePerKg: line.measure.pricePerKg } } : {}),
  };
}

/** A sale's tax fields and customer as a record carries them: only those it has (a sale made before taxes has none). */
export function saleTaxFields(sale: Pick<Sale, 'taxes' | 'pricesIncludeTax' | 'customer'>): Pick<SaleRecord, 'taxes' | 'pricesIncludeTax' | 'customer'> {
  return {
    ...(sale.taxes !== null ? { taxes: sale.taxes } : {}),
    ...(sale.pricesIncludeTax !== null ? { pricesIncludeTax: sale.pricesIncludeTax } : {}),
    ...(sale.customer !== null ? { customer: sale.customer } : {}),
  };
}

export function toSaleRefundRecord(refund: SaleRefund): SaleRefundRecord {
  return {
    id: refund.id,
    saleId: refund.saleId,
    shopId: refund.shopId,
    deviceId: refund.deviceId ?? '',
    userId: refund.userId,
    approvedBy: refund.approvedBy,
    reason: refund.reason,
    method: refund.method,
    total: refund.total,
    lines: refund.lines,
    createdAt: refund.createdAt.toISOString(),
    ...(refund.sessionId ? { sessionId: refund.sessionId } : {}),
    ...(refund.taxes !== null && refund.taxes !== undefined ? { taxes: refund.taxes } : {}),
  };
}

/** Refunds are sent only when the sale has some, so a plain sale reads the same as before refunds existed. */
export function toSaleRecord(sale: Sale, lines: readonly SaleLine[], refunds: readonly SaleRefund[] = []): SaleRecord {
  const taxed = sale.taxes !== null;
  const record: SaleRecord = {
    id: sale.id,
    shopId: sale.shopId,
    deviceId: sale.deviceId,
    cashierId: sale.cashierId,
    number: sale.number,
    currency: sale.currency,
    subtotal: sale.subtotal,
    discount: sale.discount,
    total: sale.total,
    payments: sale.payments,
    lines: [...lines].sort((a, b) => a.lineNo - b.lineNo).map((line) => toSaleLineRecord({ ...line, tax: taxed ? line.tax : undefined })),
    status: sale.status,
    createdAt: sale.createdAt.toISOString(),
  };
  if (sale.sessionId) record.sessionId = sale.sessionId;
  Object.assign(record, saleTaxFields(sale));
  if (refunds.length > 0) {
    record.refunds = [...refunds].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map(toSaleRefundRecord);
  }
  return record;
}
