import {
  HlcClock,
  PROTOCOL_VERSION,
  uuidv7,
  type EnrollResponse,
  type ExpenseCreatePayload,
  type Op,
  type OpPayloads,
  type ProductUpdatePayload,
  type PullResponse,
  type PushResponse,
  type SaleCreatePayload,
} from '@seri/shared';
import request from 'supertest';
import type { DemoProduct } from '../../src/seed/demo-catalog';
import type { TestBackend } from './test-backend';

export interface LineSpec {
  product: Pick<DemoProduct, 'id' | 'name' | 'price'>;
  quantity: number;
}

/** Enrolls a terminal in the shop of `code`. */
export async function enroll(backend: TestBackend, code: string, name = 'Caisse test'): Promise<EnrollResponse> {
  const response = await request(backend.url).post('/api/devices/enroll').send({ code, name });
  if (response.status !== 201) throw new Error(`enroll failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as EnrollResponse;
}

/**
 * A counter terminal as the tests drive it: makes ops the way the desktop does (UUIDv7
 * ids, its own HLC, receipt numbers per terminal) and talks to the sync API.
 */
export class TestTerminal {
  readonly clock: HlcClock;
  private receipt = 0;

  constructor(
    readonly backend: TestBackend,
    readonly enrollment: EnrollResponse,
    /** Who rings up the sales (a cashier of the shop). */
    readonly userId: string,
  ) {
    this.clock = new HlcClock({ node: enrollment.deviceId });
  }

  static async enroll(backend: TestBackend, code: string, userId: string): Promise<TestTerminal> {
    return new TestTerminal(backend, await enroll(backend, code), userId);
  }

  get deviceId(): string {
    return this.enrollment.deviceId;
  }

  get shopId(): string {
    return this.enrollment.shop.id;
  }

  get token(): string {
    return this.enrollment.deviceToken;
  }

  op<E extends keyof OpPayloads, K extends keyof OpPayloads[E] & string>(
    entity: E,
    kind: K,
    entityId: string,
    payload: OpPayloads[E][K],
    hlc: string = this.clock.tick(),
  ): Op<E, K> {
    return { opId: uuidv7(), deviceId: this.deviceId, userId: this.userId, shopId: this.shopId, entity, kind, entityId, hlc, payload };
  }

  sale(lines: LineSpec[], overrides: Partial<SaleCreatePayload> = {}): Op<'sale', 'create'> {
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
      number: `${this.enrollment.terminalCode}-${String(this.receipt).padStart(6, '0')}`,
      cashierId: this.userId,
      currency: 'XOF',
      subtotal: total,
      discount: 0,
      total,
      payments: [{ method: 'CASH', amount: total, tendered: total }],
      lines: saleLines,
      createdAt: new Date().toISOString(),
      ...overrides,
    };
    return this.op('sale', 'create', payload.id, payload);
  }

  voidSale(sale: Op<'sale', 'create'>, approvedBy: string, reason = 'Erreur de saisie'): Op<'sale', 'void'> {
    const payload = {
      saleId: sale.payload.id,
      reason,
      approvedBy,
      movements: sale.payload.lines.map((line) => ({ id: uuidv7(), productId: line.productId, quantity: line.quantity })),
      createdAt: new Date().toISOString(),
    };
    return this.op('sale', 'void', sale.payload.id, payload);
  }

  productUpdate(fields: ProductUpdatePayload, hlc?: string): Op<'product', 'update'> {
    return this.op('product', 'update', fields.id, fields, hlc);
  }

  expenseCreate(fields: Partial<ExpenseCreatePayload> = {}): Op<'expense', 'create'> {
    const payload: ExpenseCreatePayload = {
      id: uuidv7(),
      category: 'Transport',
      amount: 2500,
      note: 'Taxi pour le marché',
      date: new Date().toISOString().slice(0, 10),
      ...fields,
    };
    return this.op('expense', 'create', payload.id, payload);
  }

  push(ops: readonly unknown[], protocolVersion: number = PROTOCOL_VERSION): request.Test {
    return request(this.backend.url)
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${this.token}`)
      .send({ protocolVersion, ops });
  }

  /** Any body, sent as JSON text (arrays, strings, half-built pushes). */
  pushRaw(body: unknown): request.Test {
    return request(this.backend.url)
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${this.token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  }

  async pushOk(ops: readonly unknown[]): Promise<PushResponse> {
    const response = await this.push(ops);
    if (response.status !== 200) throw new Error(`push failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as PushResponse;
  }

  pull(cursor: string, limit?: number): request.Test {
    const query: Record<string, string> = { cursor };
    if (limit !== undefined) query['limit'] = String(limit);
    return request(this.backend.url).get('/api/sync/pull').query(query).set('Authorization', `Bearer ${this.token}`);
  }

  /** Pulls page after page until hasMore is false; returns the pages and the final cursor. */
  async pullAll(cursor: string, limit?: number): Promise<{ pages: PullResponse[]; cursor: string }> {
    const pages: PullResponse[] = [];
    let current = cursor;
    for (let guard = 0; guard < 10_000; guard += 1) {
      const response = await this.pull(current, limit);
      if (response.status !== 200) throw new Error(`pull failed: ${response.status} ${JSON.stringify(response.body)}`);
      const page = response.body as PullResponse;
      pages.push(page);
      current = page.cursor;
      if (!page.hasMore) return { pages, cursor: current };
    }
    throw new Error('pull never finished');
  }
}
