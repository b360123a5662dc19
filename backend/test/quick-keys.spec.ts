import { encodeHlc, uuidv7, weighedLinePrice, type Op, type PullResponse, type QuickKeyLayoutRecord, type QuickKeyPage, type SaleRecord } from '@seri/shared';
import type { ProductDto } from '../src/admin/products/dto/product.dto';
import type { SaleDetailDto } from '../src/admin/sales/dto/sale.dto';
import type { QuickKeyLayoutDto } from '../src/quick-keys/dto/quick-keys.dto';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './admin/support/admin-api';
import { shopFingerprint, uniqueSku } from './admin/support/shop-data';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

/** Quick keys (issue #15): one layout per shop, LWW on hlc, products of the shop only; loose goods on sale lines. */
describe('quick keys and loose goods', () => {
  let backend: TestBackend;
  let shopA: PeopleShop;
  let shopB: PeopleShop;
  let managerA: AdminClient;
  let managerB: AdminClient;
  let terminalA: TestTerminal;
  let bread: ProductDto;
  let tea: ProductDto;
  let bananas: ProductDto;
  let foreign: ProductDto;

  const page = (productIds: string[], name = 'Favoris'): QuickKeyPage => ({ id: uuidv7(), name, color: null, productIds });
  const layoutPath = (shop: PeopleShop): string => shopPath(shop.shopId, '/quick-keys');
  const product = (manager: AdminClient, shop: PeopleShop, name: string, price: number) =>
    manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku('QK'), name, price, openingStock: 10 }), 201);
  const pulledLayouts = (pages: PullResponse[]): QuickKeyLayoutRecord[] =>
    pages.flatMap((pulled) => pulled.changes).flatMap((change) => (change.entity === 'quick_keys' && change.op === 'upsert' ? [change.data] : []));
  const conflictsOf = (shopId: string) =>
    backend.dataSource.query<{ kind: string; field: string }[]>(`SELECT kind, field FROM conflict_log WHERE shop_id = $1 AND entity = 'quick_keys' ORDER BY id`, [shopId]);

  beforeAll(async () => {
    backend = await startTestBackend();
    shopA = await createShopWithLogins(backend, 'Boulangerie A');
    shopB = await createShopWithLogins(backend, 'Boutique B');
    managerA = await login(backend, shopA.users.MANAGER.email);
    managerB = await login(backend, shopB.users.MANAGER.email);
    bread = await product(managerA, shopA, 'Pain', 250);
    tea = await product(managerA, shopA, 'Thé vert', 1500);
    bananas = await product(managerA, shopA, 'Bananes', 1200);
    foreign = await product(managerB, shopB, 'Savon', 400);
    terminalA = await TestTerminal.enroll(backend, shopA.code, shopA.users.MANAGER.id);
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('a shop never arranged answers empty pages and no stamp', async () => {
    const layout = await managerB.ok<QuickKeyLayoutDto>(managerB.get(layoutPath(shopB)));
    expect(layout).toEqual({ shopId: shopB.shopId, pages: [], hlc: null, updatedAt: null });
  });

  it('PUT stores the layout as an op: GET reads it back, a terminal pulls it in the state pass of its bootstrap', async () => {
    const pages = [page([tea.id, bread.id]), page([bananas.id], 'Fruits')];
    const saved = await managerA.ok<QuickKeyLayoutDto>(managerA.put(layoutPath(shopA), { pages }));
    expect(saved).toMatchObject({ shopId: shopA.shopId, pages });
    expect(saved.hlc).toEqual(expect.any(String));
    expect(await managerA.ok<QuickKeyLayoutDto>(managerA.get(layoutPath(shopA)))).toEqual(saved);

    const state = await terminalA.pull('0').query({ scope: 'state' });
    expect(state.status).toBe(200);
    expect(pulledLayouts([state.body as PullResponse])).toEqual([{ shopId: shopA.shopId, pages, hlc: saved.hlc, updatedAt: saved.updatedAt }]);
    const [processed] = await backend.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM processed_ops WHERE shop_id = $1 AND entity = 'quick_keys'`, [shopA.shopId]);
    expect(processed?.n).toBe(1);
  });

  it('[I6] last write wins on the whole layout by hlc: an older layout is refused and logged, a newer one replaces it', async () => {
    const current = await managerA.ok<QuickKeyLayoutDto>(managerA.get(layoutPath(shopA)));
    const older = [page([bread.id], 'Ancienne')];
    const stale = terminalA.op('quick_keys', 'update', shopA.shopId, { shopId: shopA.shopId, pages: older }, encodeHlc({ ms: Date.now() - 3_600_000, counter: 0, node: terminalA.deviceId }));
    const first = await terminalA.pushOk([stale]);
    expect(first.results.map((result) => result.status)).toEqual(['applied']);
    expect((await managerA.ok<QuickKeyLayoutDto>(managerA.get(layoutPath(shopA)))).pages).toEqual(current.pages);
    expect(await conflictsOf(shopA.shopId)).toEqual([{ kind: 'REFUSED', field: 'pages' }]);

    const newer = [page([bananas.id, tea.id], 'Matin')];
    const fresh = terminalA.op('quick_keys', 'update', shopA.shopId, { shopId: shopA.shopId, pages: newer });
    expect((await terminalA.pushOk([fresh])).results.map((result) => result.status)).toEqual(['applied']);
    const after = await managerA.ok<QuickKeyLayoutDto>(managerA.get(layoutPath(shopA)));
    expect(after.pages).toEqual(newer);
    expect(after.hlc).toBe(fresh.hlc);
    // The console's layout was overwritten by another node: logged for the managers.
    expect(await conflictsOf(shopA.shopId)).toEqual([
      { kind: 'REFUSED', field: 'pages' },
      { kind: 'OVERWRITTEN', field: 'pages' },
    ]);
    // The replay of the same op is a duplicate and changes nothing (I2).
    expect((await terminalA.pushOk([fresh])).results.map((result) => result.status)).toEqual(['duplicate']);
  });

  it('[I9] another shop’s product is refused (admin 404, push rejected), and a layout for another shop is refused 400; nothing is written', async () => {
    const before = await shopFingerprint(backend, shopA.shopId);
    const beforeB = await shopFingerprint(backend, shopB.shopId);
    const admin = await managerA.put(layoutPath(shopA), { pages: [page([bread.id, foreign.id])] });
    expect(admin.status).toBe(404);
    expect(admin.body).toMatchObject({ statusCode: 404, message: expect.stringContaining(foreign.id) as string });
    expect(await shopFingerprint(backend, shopA.shopId)).toEqual(before);

    const crossShop = await managerA.put(layoutPath(shopB), { pages: [page([foreign.id])] });
    expect(crossShop.status).toBe(403);

    const pushed = await terminalA.pushOk([terminalA.op('quick_keys', 'update', shopA.shopId, { shopId: shopA.shopId, pages: [page([foreign.id])] })]);
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    const layout = await managerA.ok<QuickKeyLayoutDto>(managerA.get(layoutPath(shopA)));
    expect(layout.pages.flatMap((entry) => entry.productIds)).not.toContain(foreign.id);

    const otherShop = await terminalA.push([terminalA.op('quick_keys', 'update', shopB.shopId, { shopId: shopB.shopId, pages: [] })]);
    expect(otherShop.status).toBe(400);
    expect(await shopFingerprint(backend, shopB.shopId)).toEqual(beforeB);
  });

  it('bad layouts get a 400 naming the problem and write nothing', async () => {
    const before = await shopFingerprint(backend, shopA.shopId);
    const tooMany = Array.from({ length: 13 }, (_, index) => page([], `Page ${index + 1}`));
    const tooLong = [page(Array.from({ length: 61 }, () => uuidv7()))];
    const shared = page([bread.id]);
    const bodies: unknown[] = [
      {},
      { pages: 'Favoris' },
      { pages: tooMany },
      { pages: tooLong },
      { pages: [page([bread.id, bread.id])] },
      { pages: [shared, { ...shared }] },
      { pages: [{ ...page([]), name: '   ' }] },
      { pages: [{ ...page([]), name: 'x'.repeat(41) }] },
      { pages: [{ ...page([]), color: 'pink' }] },
      { pages: [{ ...page([]), productIds: ['not-a-uuid'] }] },
      { pages: [{ ...page([]), extra: true }] },
      { pages: [], shopId: shopB.shopId },
      // A page that is an array (empty or of pages): class-validator alone let it through to a 500.
      { pages: [[]] },
      { pages: [[page([])]] },
    ];
    for (const body of bodies) {
      const response = await managerA.put(layoutPath(shopA), body);
      expect([JSON.stringify(body).slice(0, 80), response.status]).toEqual([JSON.stringify(body).slice(0, 80), 400]);
      expect(response.body).toMatchObject({ statusCode: 400, message: expect.any(String) as string });
    }
    expect(await shopFingerprint(backend, shopA.shopId)).toEqual(before);

    // The same rules on the push: the whole batch is refused, nothing applied.
    const duplicate = terminalA.op('quick_keys', 'update', shopA.shopId, { shopId: shopA.shopId, pages: [page([tea.id, tea.id])] });
    const refused = await terminalA.push([duplicate]);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('twice');
    expect(await shopFingerprint(backend, shopA.shopId)).toEqual(before);
  });

  describe('loose goods on sale lines', () => {
    const weighedSale = (grams: number, unitPrice: number, quantity = 1): Op<'sale', 'create'> => {
      const sale = terminalA.sale([{ product: { id: bananas.id, name: bananas.name, price: unitPrice }, quantity }]);
      const [line] = sale.payload.lines;
      sale.payload.lines = [{ ...line!, measure: { grams, pricePerKg: bananas.price } }];
      return sale;
    };

    it('[I10] a product priced by weight travels; a weighed line (quantity 1 at weighedLinePrice) is applied, stored and pulled with its weight', async () => {
      const priced = await terminalA.pushOk([terminalA.productUpdate({ id: bananas.id, pricing: 'WEIGHT' })]);
      expect(priced.results[0]?.status).toBe('applied');
      const [row] = await backend.dataSource.query<{ pricing: string }[]>('SELECT pricing FROM products WHERE id = $1', [bananas.id]);
      expect(row?.pricing).toBe('WEIGHT');

      const price = weighedLinePrice(bananas.price, 750);
      expect(price).toBe(900);
      const sale = weighedSale(750, price);
      const mixed = terminalA.sale([
        { product: { id: tea.id, name: tea.name, price: tea.price }, quantity: 2 },
        { product: { id: bread.id, name: bread.name, price: 300 }, quantity: 1 },
      ]);
      // A unit line first: the insert takes its columns from the first row, the weighed line's weight must stay.
      const weighedLine = { ...sale.payload.lines[0]!, id: uuidv7(), movementId: uuidv7() };
      mixed.payload.lines.push(weighedLine);
      const total = mixed.payload.lines.reduce((sum, line) => sum + line.total, 0);
      Object.assign(mixed.payload, { subtotal: total, total, payments: [{ method: 'CASH', amount: total }] });
      const results = await terminalA.pushOk([sale, mixed]);
      expect(results.results.map((result) => result.status)).toEqual(['applied', 'applied']);

      const stored = await backend.dataSource.query<{ measure: unknown; quantity: number; unit_price: string }[]>(
        'SELECT measure, quantity, unit_price::text AS unit_price FROM sale_lines WHERE sale_id = $1 ORDER BY line_no',
        [mixed.payload.id],
      );
      expect(stored).toEqual([
        { measure: null, quantity: 2, unit_price: '1500' },
        { measure: null, quantity: 1, unit_price: '300' },
        { measure: { grams: 750, pricePerKg: 1200 }, quantity: 1, unit_price: '900' },
      ]);
      const { pages } = await terminalA.pullAll('0');
      const pulled = pages.flatMap((entry) => entry.changes).find((change) => change.entity === 'sale' && change.entityId === mixed.payload.id);
      const lines = (pulled as { data: SaleRecord } | undefined)?.data.lines ?? [];
      expect(lines.map((line) => line.measure)).toEqual([undefined, undefined, { grams: 750, pricePerKg: 1200 }]);
      // The manager sees the weight in the sale's detail, and the product's pricing in the catalogue.
      const detail = await managerA.ok<SaleDetailDto>(managerA.get(shopPath(shopA.shopId, `/sales/${mixed.payload.id}`)));
      expect(detail.lines.map((line) => line.measure)).toEqual([null, null, { grams: 750, pricePerKg: 1200 }]);
      expect((await managerA.ok<ProductDto>(managerA.get(shopPath(shopA.shopId, `/products/${bananas.id}`)))).pricing).toBe('WEIGHT');
    });

    it('[I10] a weighed line whose price is not weighedLinePrice, or of more than one unit, is refused 400 and writes nothing', async () => {
      const before = await shopFingerprint(backend, shopA.shopId);
      for (const sale of [weighedSale(750, 899), weighedSale(750, 901), weighedSale(500, 600, 2)]) {
        const response = await terminalA.push([sale]);
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).toMatch(/weighed line|pricePerKg × grams/);
      }
      expect(await shopFingerprint(backend, shopA.shopId)).toEqual(before);
    });
  });
});
