import { HlcClock, uuidv7, type AnyOp, type ExpenseCreatePayload, type Op, type ProductUpdatePayload, type SaleCreatePayload, type StockMovementCreatePayload } from '@seri/shared';

export interface SellableProduct {
  id: string;
  name: string;
  price: number;
}

export interface TerminalIdentity {
  deviceId: string;
  shopId: string;
  terminalCode: string;
  /** The cashier ringing up the sales. */
  userId: string;
}

/** Builds ops the way the terminal's renderer does: UUIDv7 ids, its own HLC, gapless receipt numbers. */
export class OpFactory {
  readonly clock: HlcClock;
  private receipt = 0;

  constructor(
    readonly identity: TerminalIdentity,
    now: () => number = Date.now,
  ) {
    this.clock = new HlcClock({ node: identity.deviceId, now });
  }

  private op<E extends AnyOp['entity'], K extends string>(entity: E, kind: K, entityId: string, payload: unknown): AnyOp {
    const { deviceId, shopId, userId } = this.identity;
    return { opId: uuidv7(), deviceId, shopId, userId, entity, kind, entityId, hlc: this.clock.tick(), payload } as unknown as AnyOp;
  }

  sale(lines: { product: SellableProduct; quantity: number }[]): Op<'sale', 'create'> {
    this.receipt += 1;
    const saleLines = lines.map(({ product, quantity }) => ({
      id: uuidv7(),
      productId: product.id,
      name: product.name,
      quantity,
      unitPrice: product.price,
      discount: 0,
      total: product.price * quantity,
      movementId: uuidv7(),
    }));
    const total = saleLines.reduce((sum, line) => sum + line.total, 0);
    const payload: SaleCreatePayload = {
      id: uuidv7(),
      number: `${this.identity.terminalCode}-${String(this.receipt).padStart(6, '0')}`,
      cashierId: this.identity.userId,
      currency: 'XOF',
      subtotal: total,
      discount: 0,
      total,
      payments: [{ method: 'CASH', amount: total, tendered: total }],
      lines: saleLines,
      createdAt: new Date().toISOString(),
    };
    return this.op('sale', 'create', payload.id, payload) as Op<'sale', 'create'>;
  }

  expense(fields: Partial<ExpenseCreatePayload> = {}): Op<'expense', 'create'> {
    const payload: ExpenseCreatePayload = {
      id: uuidv7(),
      category: 'Transport',
      amount: 1500,
      note: null,
      date: new Date().toISOString().slice(0, 10),
      ...fields,
    };
    return this.op('expense', 'create', payload.id, payload) as Op<'expense', 'create'>;
  }

  expenseUpdate(id: string, amount: number): Op<'expense', 'update'> {
    return this.op('expense', 'update', id, { id, amount }) as Op<'expense', 'update'>;
  }

  expenseDelete(id: string): Op<'expense', 'delete'> {
    return this.op('expense', 'delete', id, { id }) as Op<'expense', 'delete'>;
  }

  /** Goods received into stock (a delivery), as the Produits screen records it. */
  stockReceipt(productId: string, quantity: number): Op<'stock_movement', 'create'> {
    const payload: StockMovementCreatePayload = { id: uuidv7(), productId, type: 'RECEIPT', quantity, note: null, createdAt: new Date().toISOString() };
    return this.op('stock_movement', 'create', payload.id, payload) as Op<'stock_movement', 'create'>;
  }

  productUpdate(fields: ProductUpdatePayload): Op<'product', 'update'> {
    return this.op('product', 'update', fields.id, fields) as Op<'product', 'update'>;
  }
}
