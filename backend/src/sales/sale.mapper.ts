import type { SaleLineRecord, SaleRecord } from '@seri/shared';
import type { SaleLine } from './sale-line.entity';
import type { Sale } from './sale.entity';

export function toSaleLineRecord(line: SaleLine): SaleLineRecord {
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
  };
}

export function toSaleRecord(sale: Sale, lines: readonly SaleLine[]): SaleRecord {
  return {
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
    lines: [...lines].sort((a, b) => a.lineNo - b.lineNo).map(toSaleLineRecord),
    status: sale.status,
    createdAt: sale.createdAt.toISOString(),
  };
}
