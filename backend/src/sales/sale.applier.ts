import { Injectable } from '@nestjs/common';
import type { Change, SaleCreatePayload, SaleRefundPayload, SaleVoidPayload } from '@seri/shared';
import { In } from 'typeorm';
import { Product } from '../catalog/product.entity';
import type { AppliedEffect } from '../common/change.types';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { Shop } from '../shops/shop.entity';
import { StockLedgerService } from '../stock/stock-ledger.service';
import { UsersService } from '../users/users.service';
import { SaleLine } from './sale-line.entity';
import { SaleRefund } from './sale-refund.entity';
import { Sale } from './sale.entity';
import { toSaleRecord } from './sale.mapper';

const APPROVER_ROLES = new Set(['MANAGER', 'ADMIN']);

/**
 * `sale/create` and `sale/void`. Sales are immutable (I5): a void marks the sale and adds
 * compensating VOID movements; lines and amounts stay as the cashier rang them up.
 */
@Injectable()
export class SaleApplier {
  constructor(
    private readonly ledger: StockLedgerService,
    private readonly users: UsersService,
  ) {}

  async create(context: OpContext, payload: SaleCreatePayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    if (await manager.existsBy(Sale, { id: payload.id })) {
      throw new OpRejection('CONFLICT', `sale ${payload.id} already exists (recorded by another op)`);
    }
    const shop = await manager.findOneByOrFail(Shop, { id: shopId });
    if (payload.currency !== shop.currency) {
      throw new OpRejection('BUSINESS_RULE', `sale currency ${payload.currency} is not the shop's currency ${shop.currency}`);
    }
    const [cashier] = await this.users.findInShop(manager, shopId, [payload.cashierId]);
    if (!cashier) throw new OpRejection('NOT_FOUND', `cashier ${payload.cashierId} not found in this shop`);

    const productIds = [...new Set(payload.lines.map((line) => line.productId))];
    const products = await manager.find(Product, { select: { id: true }, where: { shopId, id: In(productIds) } });
    const known = new Set(products.map((product) => product.id));
    const missing = productIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new OpRejection('NOT_FOUND', `product ${missing.join(', ')} not found in this shop`);

    const createdAt = new Date(payload.createdAt);
    const sale = manager.create(Sale, {
      id: payload.id,
      shopId,
      deviceId: context.deviceId,
      cashierId: payload.cashierId,
      number: payload.number,
      currency: payload.currency,
      subtotal: payload.subtotal,
      discount: payload.discount,
      total: payload.total,
      payments: payload.payments.map((payment) => ({ ...payment })),
      status: 'COMPLETED',
      createdAt,
      voidedAt: null,
      voidedBy: null,
      voidReason: null,
    });
    await manager.insert(Sale, sale);
    const lines = payload.lines.map((line, index) =>
      manager.create(SaleLine, {
        id: line.id,
        shopId,
        saleId: payload.id,
        lineNo: index + 1,
        productId: line.productId,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        total: line.total,
        movementId: line.movementId,
      }),
    );
    await manager.insert(SaleLine, lines);
    const stockChanges = await this.ledger.record(
      manager,
      payload.lines.map((line) => ({
        id: line.movementId,
        shopId,
        productId: line.productId,
        type: 'SALE' as const,
        quantity: -line.quantity,
        saleId: payload.id,
        deviceId: context.deviceId,
        userId: payload.cashierId,
        note: null,
        createdAt,
      })),
    );
    const saved = await manager.findOneByOrFail(Sale, { id: payload.id });
    const saleChange: Change = { entity: 'sale', entityId: sale.id, op: 'upsert', data: toSaleRecord(saved, lines) };
    return { changes: [saleChange, ...stockChanges] };
  }

  async void(context: OpContext, payload: SaleVoidPayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    const sale = await manager.findOne(Sale, { where: { id: payload.saleId }, lock: { mode: 'pessimistic_write' } });
    if (!sale || sale.shopId !== shopId) throw new OpRejection('NOT_FOUND', `sale ${payload.saleId} not found in this shop`);
    if (sale.status === 'VOIDED') throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} is already voided`);
    const [approver] = await this.users.findInShop(manager, shopId, [payload.approvedBy]);
    if (!approver) throw new OpRejection('NOT_FOUND', `approver ${payload.approvedBy} not found in this shop`);
    if (!APPROVER_ROLES.has(approver.role)) {
      throw new OpRejection('FORBIDDEN', `${approver.name} (${approver.role}) cannot approve a void: a manager must`);
    }

    if (await manager.existsBy(SaleRefund, { saleId: sale.id })) {
      // A void puts back the whole sale; after a refund that would count the refunded units twice.
      throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} has refunds: refund the rest instead of voiding it`);
    }
    const lines = await manager.find(SaleLine, { where: { saleId: sale.id } });
    const problem = compensationProblem(lines, payload.movements);
    if (problem) throw new OpRejection('BUSINESS_RULE', problem);

    const voidedAt = new Date(payload.createdAt);
    await manager.update(Sale, { id: sale.id }, { status: 'VOIDED', voidedAt, voidedBy: approver.id, voidReason: payload.reason });
    const stockChanges = await this.ledger.record(
      manager,
      payload.movements.map((movement) => ({
        id: movement.id,
        shopId,
        productId: movement.productId,
        type: 'VOID' as const,
        quantity: movement.quantity,
        saleId: sale.id,
        deviceId: context.deviceId,
        userId: approver.id,
        note: payload.reason,
        createdAt: voidedAt,
      })),
    );
    const saved = await manager.findOneByOrFail(Sale, { id: sale.id });
    const refunds = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    return { changes: [{ entity: 'sale', entityId: sale.id, op: 'upsert', data: toSaleRecord(saved, lines, refunds) }, ...stockChanges] };
  }

  /**
   * `sale/refund`: part or all of a sale comes back. A new refund record and REFUND
   * movements (+quantity); the sale's lines and amounts stay as rung up (I5). No line comes
   * back more than it sold, counting earlier refunds; a voided sale cannot be refunded.
   */
  async refund(context: OpContext, payload: SaleRefundPayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    // The sale's row lock serialises refunds of one sale, so two terminals cannot both refund the last unit.
    const sale = await manager.findOne(Sale, { where: { id: payload.saleId }, lock: { mode: 'pessimistic_write' } });
    if (!sale || sale.shopId !== shopId) throw new OpRejection('NOT_FOUND', `sale ${payload.saleId} not found in this shop`);
    if (sale.status === 'VOIDED') throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} is voided: nothing left to refund`);
    if (await manager.existsBy(SaleRefund, { id: payload.id })) {
      throw new OpRejection('CONFLICT', `refund ${payload.id} already exists (recorded by another op)`);
    }
    const [approver] = await this.users.findInShop(manager, shopId, [payload.approvedBy]);
    if (!approver) throw new OpRejection('NOT_FOUND', `approver ${payload.approvedBy} not found in this shop`);
    if (!APPROVER_ROLES.has(approver.role)) {
      throw new OpRejection('FORBIDDEN', `${approver.name} (${approver.role}) cannot approve a refund: a manager must`);
    }
    const lines = await manager.find(SaleLine, { where: { saleId: sale.id } });
    const earlier = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    const problem = refundProblem(lines, earlier, payload);
    if (problem) throw new OpRejection('BUSINESS_RULE', problem);

    const createdAt = new Date(payload.createdAt);
    const refund = manager.create(SaleRefund, {
      id: payload.id,
      shopId,
      saleId: sale.id,
      deviceId: context.deviceId,
      userId: context.userId,
      approvedBy: approver.id,
      reason: payload.reason,
      method: payload.method,
      total: payload.total,
      lines: payload.lines.map((line) => ({ ...line })),
      createdAt,
    });
    await manager.insert(SaleRefund, refund);
    const stockChanges = await this.ledger.record(
      manager,
      payload.lines.map((line) => ({
        id: line.movementId,
        shopId,
        productId: line.productId,
        type: 'REFUND' as const,
        quantity: line.quantity,
        saleId: sale.id,
        deviceId: context.deviceId,
        userId: context.userId,
        note: payload.reason,
        createdAt,
      })),
    );
    const refunds = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    return { changes: [{ entity: 'sale', entityId: sale.id, op: 'upsert', data: toSaleRecord(sale, lines, refunds) }, ...stockChanges] };
  }
}

/** Why a refund cannot be taken as it is, or null: each line of this sale, its product, within what is left. */
function refundProblem(lines: readonly SaleLine[], earlier: readonly SaleRefund[], refund: SaleRefundPayload): string | null {
  const refunded = new Map<string, number>();
  for (const previous of earlier) {
    for (const line of previous.lines) refunded.set(line.saleLineId, (refunded.get(line.saleLineId) ?? 0) + line.quantity);
  }
  const byId = new Map(lines.map((line) => [line.id, line]));
  for (const line of refund.lines) {
    const sold = byId.get(line.saleLineId);
    if (!sold) return `line ${line.saleLineId} is not a line of this sale`;
    if (sold.productId !== line.productId) return `line ${line.saleLineId} sold product ${sold.productId}, not ${line.productId}`;
    const left = sold.quantity - (refunded.get(line.saleLineId) ?? 0);
    if (line.quantity > left) return `line ${line.saleLineId} has ${left} unit(s) left to refund, not ${line.quantity}`;
    if (line.amount > Math.round((sold.total * line.quantity) / sold.quantity)) {
      return `line ${line.saleLineId}: ${line.amount} is more than was paid for ${line.quantity} unit(s)`;
    }
  }
  return null;
}

/** A void puts back exactly what the sale took, product by product; otherwise the reason it does not. */
function compensationProblem(lines: readonly SaleLine[], movements: SaleVoidPayload['movements']): string | null {
  const sold = new Map<string, number>();
  for (const line of lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
  const returned = new Map<string, number>();
  for (const movement of movements) returned.set(movement.productId, (returned.get(movement.productId) ?? 0) + movement.quantity);
  for (const [productId, quantity] of returned) {
    if (!sold.has(productId)) return `movements return product ${productId}, which is not in the sale`;
    if (quantity !== sold.get(productId)) return `movements return ${quantity} of product ${productId}, the sale took ${sold.get(productId)}`;
  }
  for (const [productId, quantity] of sold) {
    if (!returned.has(productId)) return `movements must return the ${quantity} of product ${productId} the sale took`;
  }
  return null;
}
