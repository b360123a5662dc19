import { uuidv7, type Change, type ExpenseRecord, type OpStateReport, type SaleRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser, movement, saleChange, stamp, upsert } from './support/factories';

interface Dump {
  products: Array<{ id: string; name: string; price: number; hlc: string }>;
  stock: Array<{ productId: string; quantity: number }>;
  stockLevels: Array<{ productId: string; quantity: number }>;
  sales: Array<{ id: string; number: string; syncState: string; rejection?: { code: string; reason: string } }>;
  saleLines: Array<{ id: string; saleId: string }>;
  stockMovements: Array<{ id: string; pending: number; quantity: number }>;
  expenses: Array<{ id: string; amount: number; deleted: boolean }>;
  users: Array<{ id: string }>;
  outbox: Array<{ opId: string; entityId: string; state: string; queueState?: string }>;
  meta: Array<{ key: string; value: unknown }>;
}

type SaleResult = { ok: true; sale: SaleRecord } | { ok: false; error: string };

const T0 = 1_750_000_000_000;

describe('applying pulled pages in real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const otherDevice = makeDevice({ shopId: device.shopId, terminalCode: 'T02' });
  const cashier = makeUser(device.shopId);

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  function freshDb(): string {
    dbCount += 1;
    return `apply-pull-${dbCount}`;
  }

  const apply = (db: string, changes: Change[]) => harness.call<{ keptLocal: number; clamped: number }>('applyPage', db, changes, { deviceId: device.deviceId });
  const dump = (db: string) => harness.call<Dump>('dump', db);
  const stockOf = (snapshot: Dump, productId: string) => snapshot.stock.find((row) => row.productId === productId)?.quantity;

  function otherTerminalSale(productId: string, quantity: number, unitPrice: number): SaleRecord {
    const id = uuidv7();
    const total = quantity * unitPrice;
    return {
      id,
      shopId: device.shopId,
      deviceId: otherDevice.deviceId,
      cashierId: cashier.id,
      number: 'T02-000007',
      currency: 'XOF',
      subtotal: total,
      discount: 0,
      total,
      payments: [cashPayment(total)],
      lines: [{ id: uuidv7(), saleId: id, productId, name: 'Savon', quantity, unitPrice, discount: 0, total, movementId: uuidv7() }],
      status: 'COMPLETED',
      createdAt: '2025-06-01T10:00:00.000Z',
    };
  }

  it('applying the same page twice changes nothing', async () => {
    const db = freshDb();
    const soap = makeProduct(device.shopId, { name: 'Savon', price: 500, hlc: stamp(T0, otherDevice.deviceId) });
    const sale = otherTerminalSale(soap.id, 2, 500);
    const line = sale.lines[0]!;
    const expense: ExpenseRecord = {
      id: uuidv7(),
      shopId: device.shopId,
      category: 'Transport',
      amount: 2000,
      note: null,
      date: '2025-06-01',
      deleted: false,
      hlc: stamp(T0 + 5),
      updatedAt: '2025-06-01T10:00:00.000Z',
    };
    const gone = { ...expense, id: uuidv7(), hlc: stamp(T0 + 6) };
    const page: Change[] = [
      upsert('shop', device.shopId, { id: device.shopId, name: 'Boutique Seri', currency: 'XOF', locale: 'fr-SN' }),
      upsert('user', cashier.id, cashier),
      upsert('product', soap.id, soap),
      upsert('stock_movement', line.movementId, movement(soap, -2, { id: line.movementId, type: 'SALE', saleId: sale.id, deviceId: otherDevice.deviceId })),
      upsert('stock_level', soap.id, level(soap, 18)),
      saleChange(sale),
      upsert('expense', expense.id, expense),
      upsert('expense', gone.id, gone),
      { entity: 'expense', entityId: gone.id, op: 'delete' },
    ];

    await apply(db, page);
    const once = await dump(db);
    await apply(db, page);
    const twice = await dump(db);

    expect(twice).toEqual(once);
    expect(once.sales).toEqual([expect.objectContaining({ id: sale.id, syncState: 'synced' })]);
    expect(once.saleLines).toEqual([expect.objectContaining({ id: line.id, saleId: sale.id })]);
    expect(once.expenses.map((row) => row.id)).toEqual([expense.id]);
    expect(stockOf(once, soap.id)).toBe(18);
    expect(once.meta.find((row) => row.key === 'shop')?.value).toMatchObject({ name: 'Boutique Seri' });
    // Another terminal's receipts do not move this terminal's counter.
    expect(once.meta.find((row) => row.key === 'saleCounter')).toBeUndefined();
  });

  it('[I4] displayed stock = server level + this terminal\'s pending movements', async () => {
    const db = freshDb();
    const soap = makeProduct(device.shopId, { name: 'Savon', price: 500 });
    await apply(db, [upsert('product', soap.id, soap), upsert('stock_level', soap.id, level(soap, 10)), upsert('user', cashier.id, cashier)]);
    expect(stockOf(await dump(db), soap.id)).toBe(10);

    // This terminal sells 3, offline: pending, shown at once.
    const sold = await harness.call<SaleResult>('createSale', db, {
      lines: [{ productId: soap.id, quantity: 3 }],
      payments: [cashPayment(1500)],
      cashierId: cashier.id,
      device,
    });
    expect(sold.ok).toBe(true);
    if (!sold.ok) return;
    expect(stockOf(await dump(db), soap.id)).toBe(7);

    // Meanwhile another terminal sold 2; the server's level counts only theirs: 10 − 2.
    const theirs = otherTerminalSale(soap.id, 2, 500);
    await apply(db, [
      saleChange(theirs),
      upsert('stock_movement', theirs.lines[0]!.movementId, movement(soap, -2, { id: theirs.lines[0]!.movementId, type: 'SALE' })),
      upsert('stock_level', soap.id, level(soap, 8)),
    ]);
    let snapshot = await dump(db);
    expect(stockOf(snapshot, soap.id)).toBe(8 - 3);
    expect(snapshot.stockMovements.filter((row) => row.pending === 1)).toHaveLength(1);

    // Our sale reaches the server and comes back: its movement is in the level now, no longer pending.
    const ours = sold.sale;
    const ourLine = ours.lines[0]!;
    const page: Change[] = [
      saleChange(ours),
      upsert('stock_movement', ourLine.movementId, movement(soap, -3, { id: ourLine.movementId, type: 'SALE', saleId: ours.id, deviceId: device.deviceId })),
      upsert('stock_level', soap.id, level(soap, 5)),
    ];
    await apply(db, page);
    snapshot = await dump(db);
    expect(stockOf(snapshot, soap.id)).toBe(5);
    expect(snapshot.stockMovements.filter((row) => row.pending === 1)).toHaveLength(0);
    expect(snapshot.sales.find((row) => row.id === ours.id)?.syncState).toBe('synced');

    // Replaying that page (crash before the ack) does not count the sale twice.
    await apply(db, page);
    expect(stockOf(await dump(db), soap.id)).toBe(5);
  });

  it('[I6] a pulled product older than a queued local edit does not overwrite it', async () => {
    const db = freshDb();
    const local = makeProduct(device.shopId, { name: 'Lait (nouveau prix)', price: 900, hlc: stamp(T0 + 2000, device.deviceId) });
    const opId = uuidv7();
    await harness.call('seed', db, {
      products: [local],
      outbox: [
        {
          opId,
          state: 'handed',
          entity: 'product',
          kind: 'update',
          entityId: local.id,
          createdAt: '2025-06-01T10:00:00.000Z',
          op: {
            opId,
            deviceId: device.deviceId,
            userId: cashier.id,
            shopId: device.shopId,
            entity: 'product',
            kind: 'update',
            entityId: local.id,
            hlc: local.hlc,
            payload: { id: local.id, name: local.name, price: 900 },
          },
        },
      ],
    });

    const older = { ...local, name: 'Lait', price: 800, hlc: stamp(T0 + 1000, otherDevice.deviceId) };
    const result = await apply(db, [upsert('product', local.id, older)]);
    expect(result.keptLocal).toBe(1);
    expect((await dump(db)).products).toEqual([expect.objectContaining({ name: 'Lait (nouveau prix)', price: 900, hlc: local.hlc })]);

    // A newer server value wins even while our edit is queued (last write wins by HLC).
    const newer = { ...local, name: 'Lait UHT', price: 950, hlc: stamp(T0 + 3000, otherDevice.deviceId) };
    await apply(db, [upsert('product', local.id, newer)]);
    expect((await dump(db)).products).toEqual([expect.objectContaining({ name: 'Lait UHT', price: 950 })]);
  });

  it('[I6] once the local edit is synced, the server\'s value is taken as is', async () => {
    const db = freshDb();
    const local = makeProduct(device.shopId, { name: 'Sucre', price: 700, hlc: stamp(T0 + 2000, device.deviceId) });
    const opId = uuidv7();
    await harness.call('seed', db, {
      products: [local],
      outbox: [{ opId, state: 'handed', entity: 'product', kind: 'update', entityId: local.id, createdAt: '2025-06-01T10:00:00.000Z', op: { opId } }],
    });
    await harness.call('applyOpStates', db, [{ opId, state: 'SYNCED' } satisfies OpStateReport]);
    const merged = { ...local, price: 650, hlc: stamp(T0 + 1000, otherDevice.deviceId) };
    await apply(db, [upsert('product', local.id, merged)]);
    expect((await dump(db)).products).toEqual([expect.objectContaining({ price: 650 })]);
  });

  it('marks sales synced or rejected from op-state reports, and a replayed report changes nothing', async () => {
    const db = freshDb();
    const soap = makeProduct(device.shopId);
    await apply(db, [upsert('product', soap.id, soap), upsert('stock_level', soap.id, level(soap, 5))]);
    const sell = () =>
      harness.call<SaleResult>('createSale', db, { lines: [{ productId: soap.id, quantity: 1 }], payments: [cashPayment(1500)], cashierId: cashier.id, device });
    const [first, second, third] = [await sell(), await sell(), await sell()];
    const outbox = (await dump(db)).outbox;
    const opOf = (result: SaleResult | undefined) => outbox.find((row) => result?.ok === true && row.entityId === result.sale.id)?.opId ?? '';
    const reports: OpStateReport[] = [
      { opId: opOf(first), state: 'SYNCED' },
      { opId: opOf(second), state: 'REJECTED', code: 'BUSINESS_RULE', reason: 'caissier désactivé' },
      { opId: opOf(third), state: 'FAILED' },
      { opId: uuidv7(), state: 'SYNCED' },
    ];
    expect(await harness.call('applyOpStates', db, reports)).toBe(2);
    expect(await harness.call('applyOpStates', db, reports)).toBe(0);

    const snapshot = await dump(db);
    const stateOf = (result: SaleResult | undefined) => snapshot.sales.find((sale) => result?.ok === true && sale.id === result.sale.id);
    expect(stateOf(first)?.syncState).toBe('synced');
    expect(stateOf(second)).toMatchObject({ syncState: 'rejected', rejection: { code: 'BUSINESS_RULE', reason: 'caissier désactivé' } });
    expect(stateOf(third)?.syncState).toBe('pending');
    expect(snapshot.outbox.map((row) => row.queueState)).toEqual(['SYNCED', 'REJECTED', 'FAILED']);
  });

  it('continues the receipt counter from this terminal\'s sales pulled after a reinstall', async () => {
    const db = freshDb();
    const soap = makeProduct(device.shopId, { price: 500 });
    const mine = { ...otherTerminalSale(soap.id, 1, 500), deviceId: device.deviceId, number: 'T01-000041' };
    await apply(db, [upsert('product', soap.id, soap), saleChange(mine)]);
    const next = await harness.call<SaleResult>('createSale', db, { lines: [{ productId: soap.id, quantity: 1 }], payments: [cashPayment(500)], cashierId: cashier.id, device });
    expect(next.ok && next.sale.number).toBe('T01-000042');
  });

  it('a customer taken down here goes into the sale op, and survives the pull of a server copy that has no customer field', async () => {
    const db = freshDb();
    const soap = makeProduct(device.shopId, { price: 500 });
    await apply(db, [upsert('product', soap.id, soap)]);
    const customer = { name: 'Aïssatou Ba', phone: '+221 77 123 45 67' };
    const sold = await harness.call<SaleResult>('createSale', db, { lines: [{ productId: soap.id, quantity: 1 }], payments: [cashPayment(500)], cashierId: cashier.id, device, customer });
    if (!sold.ok) throw new Error(sold.error);
    expect(sold.sale.customer).toEqual(customer);
    const queued = (await dump(db)).outbox as unknown as Array<{ op: { payload: { customer?: unknown } } }>;
    expect(queued.map((row) => row.op.payload.customer)).toEqual([customer]);

    // The server's copy as an older server sends it: no customer field. The terminal keeps its own.
    const { customer: _dropped, ...withoutField } = sold.sale;
    await apply(db, [saleChange(withoutField)]);
    const kept = (await dump(db)).sales as unknown as Array<{ id: string; customer?: unknown; syncState: string }>;
    expect(kept.find((sale) => sale.id === sold.sale.id)).toMatchObject({ customer, syncState: 'synced' });

    // A server that does send the field is taken at its word.
    await apply(db, [saleChange({ ...sold.sale, customer: null })]);
    const cleared = (await dump(db)).sales as unknown as Array<{ id: string; customer?: unknown }>;
    expect(cleared.find((sale) => sale.id === sold.sale.id)?.customer).toBeNull();
  });

  describe('[I8] pages applied as one batch (one transaction) leave Dexie as page after page does', () => {
    const applyBatch = (db: string, pages: Change[][]) => harness.call<{ changes: number; keptLocal: number }>('applyPages', db, pages, { deviceId: device.deviceId });
    // The clock's own stamp depends on the wall clock at each apply; everything else must match.
    const comparable = (snapshot: Dump) => ({ ...snapshot, meta: snapshot.meta.filter((row) => row.key !== 'hlc') });

    function history() {
      const rice = makeProduct(device.shopId, { name: 'Riz', price: 1000, hlc: stamp(T0, otherDevice.deviceId) });
      const oil = makeProduct(device.shopId, { name: 'Huile', price: 2000, hlc: stamp(T0, otherDevice.deviceId) });
      const soap = makeProduct(device.shopId, { name: 'Savon', price: 500, hlc: stamp(T0, otherDevice.deviceId) });
      const first = otherTerminalSale(rice.id, 2, 1000);
      const second = otherTerminalSale(oil.id, 1, 2000);
      const expense: ExpenseRecord = { id: uuidv7(), shopId: device.shopId, category: 'Transport', amount: 2000, note: null, date: '2025-06-01', deleted: false, hlc: stamp(T0 + 5), updatedAt: '2025-06-01T10:00:00.000Z' };
      const sold = (sale: SaleRecord, product: ProductRecordLike, quantity: number, levelAfter: number): Change[] => [
        saleChange(sale),
        upsert('stock_movement', sale.lines[0]!.movementId, movement(product, -quantity, { id: sale.lines[0]!.movementId, type: 'SALE', saleId: sale.id, deviceId: otherDevice.deviceId })),
        upsert('stock_level', product.id, level(product, levelAfter)),
      ];
      const pages: Change[][] = [
        [
          upsert('user', cashier.id, cashier),
          upsert('product', rice.id, rice),
          upsert('product', oil.id, oil),
          upsert('stock_level', rice.id, level(rice, 10)),
          upsert('stock_level', oil.id, level(oil, 5)),
          ...sold(first, rice, 2, 8),
        ],
        [
          // The same record changed again in a later page, a tombstone, an expense made then deleted.
          upsert('product', rice.id, { ...rice, price: 1100, hlc: stamp(T0 + 3000, otherDevice.deviceId) }),
          upsert('product', soap.id, soap),
          upsert('stock_level', soap.id, level(soap, 3)),
          upsert('expense', expense.id, expense),
          ...sold(second, oil, 1, 4),
        ],
        [
          { entity: 'product', entityId: soap.id, op: 'delete' },
          upsert('expense', expense.id, { ...expense, deleted: true, hlc: stamp(T0 + 6) }),
          upsert('stock_level', rice.id, level(rice, 7)),
        ],
      ];
      return { rice, oil, pages };
    }
    type ProductRecordLike = ReturnType<typeof makeProduct>;

    it('into an empty database', async () => {
      const { pages } = history();
      const pageByPage = freshDb();
      for (const page of pages) await apply(pageByPage, page);
      const batched = freshDb();
      const result = await applyBatch(batched, pages);

      expect(result.changes).toBe(pages.flat().length);
      expect(comparable(await dump(batched))).toEqual(comparable(await dump(pageByPage)));
      const snapshot = await dump(batched);
      expect(snapshot.products.map((row) => row.name).sort()).toEqual(['Huile', 'Riz']);
      expect(snapshot.expenses).toEqual([expect.objectContaining({ deleted: true })]);
    });

    it('into a database holding a queued local edit and a pending movement', async () => {
      const { rice, oil, pages } = history();
      // Ours: a price edit of the oil, newer than every pulled one and still queued; a sale of rice not yet on the server.
      const edited = { ...oil, price: 2500, hlc: stamp(T0 + 9000, device.deviceId) };
      const opId = uuidv7();
      const pendingMovement = { ...movement(rice, -1, { type: 'SALE', deviceId: device.deviceId }), pending: 1 };
      const local = {
        products: [edited],
        stockMovements: [pendingMovement],
        outbox: [{ opId, state: 'handed', entity: 'product', kind: 'update', entityId: oil.id, createdAt: '2025-06-01T10:00:00.000Z', op: { opId } }],
      };
      const pageByPage = freshDb();
      const batched = freshDb();
      await harness.call('seed', pageByPage, local);
      await harness.call('seed', batched, local);
      let keptPageByPage = 0;
      for (const page of pages) keptPageByPage += (await apply(pageByPage, page)).keptLocal;
      const result = await applyBatch(batched, pages);

      expect(comparable(await dump(batched))).toEqual(comparable(await dump(pageByPage)));
      expect(result.keptLocal).toBe(1);
      expect(keptPageByPage).toBe(1);
      const snapshot = await dump(batched);
      expect(snapshot.products.find((row) => row.id === oil.id)).toMatchObject({ price: 2500 });
      // Rice: the server's last level (7) and our pending sale of 1.
      expect(stockOf(snapshot, rice.id)).toBe(6);
      expect(stockOf(snapshot, oil.id)).toBe(4);
    });
  });

  it('clamps pulled clocks far ahead and keeps the terminal clock monotonic', async () => {
    const db = freshDb();
    const ahead = makeProduct(device.shopId, { hlc: stamp(Date.UTC(2100, 0, 1), otherDevice.deviceId) });
    const result = await apply(db, [upsert('product', ahead.id, ahead)]);
    expect(result.clamped).toBe(1);
    const clock = (await dump(db)).meta.find((row) => row.key === 'hlc')?.value as string;
    expect(clock < ahead.hlc).toBe(true);
    expect(clock.endsWith(device.deviceId)).toBe(true);
  });
});
