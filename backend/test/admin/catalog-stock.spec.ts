import { encodeHlc, INITIAL_CURSOR, type Change, type ProductRecord, type StockLevelRecord } from '@seri/shared';
import type { ProductDto, ImportResultDto } from '../../src/admin/products/dto/product.dto';
import type { ConflictDto } from '../../src/admin/review/dto/review.dto';
import type { AdjustmentResultDto, StockLevelDto, StockMovementDto } from '../../src/admin/stock/dto/stock.dto';
import type { Page } from '../../src/admin/common/page';
import { countRows } from '../support/database';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { TestTerminal } from '../support/terminal';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './support/admin-api';
import { uniqueBarcode, uniqueSku } from './support/shop-data';

function changesOf(pages: { changes: Change[] }[]): Change[] {
  return pages.flatMap((page) => page.changes);
}

describe('admin API: products, CSV, stock and conflicts', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let manager: AdminClient;
  let terminal: TestTerminal;
  let cursor: string;
  const products = (rest = '') => shopPath(shop.shopId, `/products${rest}`);

  /** Everything the terminal has not pulled yet. */
  async function pullNew(): Promise<Change[]> {
    const { pages, cursor: next } = await terminal.pullAll(cursor);
    cursor = next;
    return changesOf(pages);
  }

  async function createProduct(fields: Record<string, unknown> = {}): Promise<ProductDto> {
    return manager.ok<ProductDto>(manager.post(products(), { sku: uniqueSku(), barcode: uniqueBarcode(), name: 'Sucre en morceaux 1 kg', price: 1200, cost: 950, ...fields }), 201);
  }

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Catalogue');
    manager = await login(backend, shop.users.MANAGER.email);
    terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    cursor = (await terminal.pullAll(INITIAL_CURSOR)).cursor;
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('products', () => {
    it('[I3] creates a product with its opening stock as ops from the admin console; terminals pull both', async () => {
      const product = await createProduct({ category: 'Épicerie', lowStockThreshold: 4, openingStock: 24 });
      expect(product).toMatchObject({ shopId: shop.shopId, name: 'Sucre en morceaux 1 kg', price: 1200, cost: 950, category: 'Épicerie', stock: 24, archived: false });
      expect(await manager.ok(manager.get(products(`/${product.id}`)))).toEqual(product);

      const ops = await backend.dataSource.query<{ entity: string; kind: string; device_id: string; user_id: string | null; kind_of_device: string }[]>(
        `SELECT p.entity, p.kind, p.device_id, d.kind AS kind_of_device FROM processed_ops p JOIN devices d ON d.id = p.device_id
          WHERE p.shop_id = $1 ORDER BY p.created_at`,
        [shop.shopId],
      );
      expect(ops.map((op) => [op.entity, op.kind, op.kind_of_device])).toEqual([
        ['product', 'create', 'ADMIN_CONSOLE'],
        ['stock_movement', 'create', 'ADMIN_CONSOLE'],
      ]);
      const pulled = await pullNew();
      const record = pulled.find((change) => change.entity === 'product' && change.entityId === product.id);
      expect(record).toMatchObject({ op: 'upsert', data: { sku: product.sku, price: 1200 } satisfies Partial<ProductRecord> });
      expect(pulled.find((change) => change.entity === 'stock_level' && change.entityId === product.id)).toMatchObject({
        data: { quantity: 24 } satisfies Partial<StockLevelRecord>,
      });
      const [movement] = await backend.dataSource.query<{ type: string; quantity: number; user_id: string }[]>(
        'SELECT type, quantity, user_id FROM stock_movements WHERE product_id = $1',
        [product.id],
      );
      expect(movement).toEqual({ type: 'OPENING', quantity: 24, user_id: shop.users.MANAGER.id });
    });

    it('keeps SKU and barcode unique in the shop (409), archived products included', async () => {
      const product = await createProduct();
      await manager.ok(manager.post(products(`/${product.id}/archive`)));
      const before = await countRows(backend.dataSource);
      const sku = await manager.post(products(), { sku: product.sku, name: 'Autre', price: 100 });
      const barcode = await manager.post(products(), { sku: uniqueSku(), barcode: product.barcode, name: 'Autre', price: 100 });
      expect([sku.status, barcode.status]).toEqual([409, 409]);
      expect((sku.body as { message: string }).message).toContain(product.sku);
      expect((barcode.body as { message: string }).message).toContain('barcode');
      expect(await countRows(backend.dataSource)).toEqual(before);
      // Another shop may use the same barcode.
      const other = await createShopWithLogins(backend, 'Boutique Voisine');
      const otherManager = await login(backend, other.users.MANAGER.email);
      expect((await otherManager.post(shopPath(other.shopId, '/products'), { sku: product.sku, barcode: product.barcode, name: 'Même code', price: 100 })).status).toBe(201);
    });

    it.each([
      ['a fractional price', { price: 12.5 }, 'price'],
      ['a negative price', { price: -1 }, 'price'],
      ['a huge price', { price: 1e20 }, 'price'],
      ['a price as text', { price: '1200' }, 'price'],
      ['a bad barcode', { barcode: 'a b' }, 'barcode'],
      ['an empty name', { name: '' }, 'name'],
      ['negative opening stock', { openingStock: -3 }, 'openingStock'],
      ['an extra field', { archived: true }, 'archived'],
      ['an id of its own', { id: '0198f2a0-0000-7000-8000-000000000000' }, 'id'],
    ])('answers 400 to %s, naming the field, and writes nothing', async (_name, fields, field) => {
      const before = await countRows(backend.dataSource);
      const response = await manager.post(products(), { sku: uniqueSku(), name: 'Produit', price: 100, ...fields });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(field) as string });
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('answers 404 to an unknown product and 400 to a malformed id', async () => {
      expect((await manager.get(products('/0198f2a0-0000-7000-8000-000000000000'))).status).toBe(404);
      expect((await manager.get(products('/not-a-uuid'))).status).toBe(400);
      expect((await manager.patch(products('/0198f2a0-0000-7000-8000-000000000000'), { name: 'x' })).status).toBe(404);
    });

    it('[I6] an update is a product op: terminals pull it, unchanged fields are not rewritten, clashes are 409', async () => {
      const product = await createProduct();
      const taken = await createProduct();
      await pullNew();
      const updated = await manager.ok<ProductDto>(manager.patch(products(`/${product.id}`), { name: 'Sucre roux 1 kg', price: 1300, cost: product.cost }));
      expect(updated).toMatchObject({ name: 'Sucre roux 1 kg', price: 1300, cost: 950 });
      const [op] = await backend.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM processed_ops WHERE shop_id = $1 AND entity = 'product' AND kind = 'update'`, [shop.shopId]);
      expect(op?.n).toBeGreaterThanOrEqual(1);
      expect((await pullNew()).filter((change) => change.entity === 'product')).toEqual([
        expect.objectContaining({ entityId: product.id, data: expect.objectContaining({ name: 'Sucre roux 1 kg', price: 1300 }) as object }),
      ]);
      expect((await manager.patch(products(`/${product.id}`), { barcode: taken.barcode })).status).toBe(409);
      expect((await manager.patch(products(`/${product.id}`), { sku: taken.sku })).status).toBe(409);
      const same = await manager.ok<ProductDto>(manager.patch(products(`/${product.id}`), { name: 'Sucre roux 1 kg' }));
      expect(same.hlc).toBe(updated.hlc);
    });

    it('sets how the till prices a product (by the unit, by weight, at an open price); terminals pull it; a bad value is 400 and writes nothing', async () => {
      const loose = await createProduct({ name: 'Tomates au kilo', price: 1200, pricing: 'WEIGHT' });
      expect(loose.pricing).toBe('WEIGHT');
      expect((await createProduct()).pricing).toBe('UNIT');
      expect((await pullNew()).find((change) => change.entity === 'product' && change.entityId === loose.id)).toMatchObject({
        data: { pricing: 'WEIGHT' } satisfies Partial<ProductRecord>,
      });
      const open = await manager.ok<ProductDto>(manager.patch(products(`/${loose.id}`), { pricing: 'OPEN' }));
      expect(open.pricing).toBe('OPEN');
      expect((await pullNew()).filter((change) => change.entity === 'product')).toEqual([
        expect.objectContaining({ entityId: loose.id, data: expect.objectContaining({ pricing: 'OPEN' }) as object }),
      ]);
      const before = await countRows(backend.dataSource);
      for (const pricing of ['KILO', 'weight ', 3, null]) {
        const refused = await manager.patch(products(`/${loose.id}`), { pricing });
        expect(refused.status).toBe(400);
        expect((refused.body as { message: string }).message).toMatch(/pricing/);
      }
      expect((await manager.post(products(), { sku: uniqueSku(), name: 'x', price: 1, pricing: 'BULK' })).status).toBe(400);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('archives and brings back; lists hide archived products unless asked', async () => {
      const product = await createProduct({ name: 'Zèbre en peluche' });
      const archived = await manager.ok<ProductDto>(manager.post(products(`/${product.id}/archive`)));
      expect(archived.archived).toBe(true);
      const active = await manager.ok<Page<ProductDto>>(manager.get(products('?search=Zèbre')));
      const all = await manager.ok<Page<ProductDto>>(manager.get(products('?search=Zèbre&archived=all')));
      const only = await manager.ok<Page<ProductDto>>(manager.get(products('?search=Zèbre&archived=true')));
      expect([active.items.length, all.items.length, only.items.length]).toEqual([0, 1, 1]);
      expect((await pullNew()).find((change) => change.entityId === product.id && change.entity === 'product')).toMatchObject({ data: { archived: true } });
      expect((await manager.ok<ProductDto>(manager.post(products(`/${product.id}/unarchive`)))).archived).toBe(false);
    });

    it('lists by name with search (name, SKU, exact barcode), category and keyset pagination', async () => {
      const category = `Cat-${uniqueSku()}`;
      const made = [];
      for (const name of ['Ananas', 'Banane', 'Citron', 'Datte', 'Figue']) made.push(await createProduct({ name: `${name} ${category}`, category }));
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const page: Page<ProductDto> = await manager.ok<Page<ProductDto>>(manager.get(products(`?category=${encodeURIComponent(category)}&limit=2${next ? `&cursor=${next}` : ''}`)));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.name.split(' ')[0]!));
        next = page.nextCursor;
      } while (next);
      expect(seen).toEqual(['Ananas', 'Banane', 'Citron', 'Datte', 'Figue']);
      const byBarcode = await manager.ok<Page<ProductDto>>(manager.get(products(`?search=${made[2]!.barcode}`)));
      expect(byBarcode.items.map((item) => item.id)).toEqual([made[2]!.id]);
      const bySku = await manager.ok<Page<ProductDto>>(manager.get(products(`?search=${encodeURIComponent(made[3]!.sku.toLowerCase())}`)));
      expect(bySku.items.map((item) => item.id)).toEqual([made[3]!.id]);
      const percent = await manager.ok<Page<ProductDto>>(manager.get(products('?search=%25')));
      expect(percent.items).toEqual([]);
      expect((await manager.get(products('?cursor=bm90LWEtY3Vyc29y'))).status).toBe(400);
      expect((await manager.get(products('?limit=0'))).status).toBe(400);
      expect((await manager.get(products('?archived=maybe'))).status).toBe(400);
    });
  });

  describe('CSV', () => {
    it('exports the catalogue as CSV that imports back unchanged', async () => {
      await createProduct({ name: 'Huile, "extra" vierge', category: '=SUM(A1)' });
      const response = await manager.get(products('/export'));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const csv = response.text;
      expect(csv.split('\r\n')[0]).toBe('id,sku,barcode,name,price,cost,category,lowStockThreshold,archived,taxRate,pricing,stock');
      expect(csv).toContain('"Huile, ""extra"" vierge"');
      expect(csv).toContain("'=SUM(A1)");
      const before = await countRows(backend.dataSource);
      const reimport = await manager.ok<ImportResultDto>(manager.post(products('/import'), { csv: csv.replace(/'=SUM\(A1\)/, '=SUM(A1)') }));
      expect(reimport).toMatchObject({ created: 0, updated: 0, failed: [] });
      expect(reimport.unchanged).toBeGreaterThan(0);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('imports new and changed products by SKU; a dry run writes nothing; terminals pull the result', async () => {
      const existing = await createProduct({ name: 'Lait en poudre', price: 2500 });
      await pullNew();
      const [skuA, skuB] = [uniqueSku('CSV'), uniqueSku('CSV')];
      const barcode = uniqueBarcode();
      const csv = ['sku;name;price;barcode;cost;category;openingStock', `${skuA};Café moulu 250 g;1800;${barcode};1100;Boissons;12`, `${skuB};"Savon; citron";450;;;;`, `${existing.sku};Lait en poudre 400 g;2600;${existing.barcode};950;;0`].join('\n');

      const before = await countRows(backend.dataSource);
      const dry = await manager.ok<ImportResultDto>(manager.post(products('/import'), { csv, dryRun: true }));
      expect(dry).toEqual({ created: 2, updated: 1, unchanged: 0, dryRun: true, failed: [] });
      expect(await countRows(backend.dataSource)).toEqual(before);

      const done = await manager.ok<ImportResultDto>(manager.post(products('/import'), { csv }));
      expect(done).toEqual({ created: 2, updated: 1, unchanged: 0, dryRun: false, failed: [] });
      const cafe = (await manager.ok<Page<ProductDto>>(manager.get(products(`?search=${skuA}`)))).items[0]!;
      expect(cafe).toMatchObject({ name: 'Café moulu 250 g', price: 1800, barcode, cost: 1100, category: 'Boissons', stock: 12 });
      const soap = (await manager.ok<Page<ProductDto>>(manager.get(products(`?search=${skuB}`)))).items[0]!;
      expect(soap).toMatchObject({ name: 'Savon; citron', barcode: null, cost: null, category: null, stock: 0 });
      expect(await manager.ok<ProductDto>(manager.get(products(`/${existing.id}`)))).toMatchObject({ name: 'Lait en poudre 400 g', price: 2600 });
      const pulled = await pullNew();
      expect(pulled.filter((change) => change.entity === 'product').map((change) => change.entityId).sort()).toEqual([cafe.id, soap.id, existing.id].sort());
    });

    it('reads and writes the pricing column (any case; empty: by the unit) and refuses an unknown one by line', async () => {
      const kept = await createProduct({ name: 'Riz brisé au kilo', pricing: 'WEIGHT' });
      const exported = (await manager.get(products('/export'))).text;
      expect(exported.split('\r\n').find((row) => row.startsWith(kept.id))).toMatch(/,WEIGHT,0$/);
      const [weighed, typed] = [uniqueSku('CSV'), uniqueSku('CSV')];
      const csv = ['sku,name,price,pricing', `${weighed},Oignons,900,weight`, `${typed},Pain du jour,250,Open`, `${kept.sku},,,`].join('\n');
      expect(await manager.ok<ImportResultDto>(manager.post(products('/import'), { csv }))).toMatchObject({ created: 2, updated: 1, failed: [] });
      const priced = async (sku: string) => (await manager.ok<Page<ProductDto>>(manager.get(products(`?search=${sku}`)))).items[0]?.pricing;
      expect([await priced(weighed), await priced(typed), await priced(kept.sku)]).toEqual(['WEIGHT', 'OPEN', 'UNIT']);
      const before = await countRows(backend.dataSource);
      const refused = await manager.post(products('/import'), { csv: `sku,name,price,pricing\n${uniqueSku()},Sel,100,BULK` });
      expect(refused.status).toBe(400);
      expect((refused.body as { details: string[] }).details).toEqual([expect.stringMatching(/^line 2: pricing must be one of UNIT, OPEN, WEIGHT/)]);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('refuses a file with any bad line, listing every problem by line, and writes nothing', async () => {
      const taken = await createProduct();
      const dup = uniqueSku('DUP');
      const csv = [
        'sku,name,price,barcode',
        `${uniqueSku()},Bon produit,100,`,
        `${uniqueSku()},Prix faux,12.5,`,
        `${dup},Un,100,`,
        `${dup},Deux,100,`,
        `${uniqueSku()},Code pris,100,${taken.barcode}`,
        `${uniqueSku()},,,`,
        `${uniqueSku()},Trop,1,2,3`,
      ].join('\n');
      const before = await countRows(backend.dataSource);
      const response = await manager.post(products('/import'), { csv });
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(/^the file was not imported: line 3: price/);
      expect((response.body as { details: string[] }).details).toEqual([
        expect.stringMatching(/^line 3: price must be an integer amount/),
        expect.stringMatching(/^line 5: sku .* is already on line 4/),
        expect.stringMatching(/^line 6: barcode .* is already used by/),
        expect.stringMatching(/^line 7: a new product .* needs a name and a price/),
        'line 8: 5 cells for 4 columns',
      ]);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it.each([
      ['an unknown column', 'sku,name,price,colour\nA1,x,1,red', 'unknown column colour'],
      ['no sku column', 'name,price\nx,1', 'sku column'],
      ['an empty file', '', 'csv'],
      ['an unclosed quote', 'sku,name,price\nA1,"x,1', 'not closed'],
    ])('answers 400 to %s', async (_name, csv, message) => {
      const response = await manager.post(products('/import'), { csv });
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain(message);
    });
  });

  describe('stock', () => {
    let product: ProductDto;
    const stock = (rest = '') => shopPath(shop.shopId, `/stock${rest}`);

    beforeAll(async () => {
      product = await createProduct({ name: 'Bougies x6', lowStockThreshold: 5, openingStock: 10 });
    });

    it('[I4] records receipts, adjustments and counts as movements; the level is their sum; terminals pull them', async () => {
      await pullNew();
      const receipt = await manager.ok<AdjustmentResultDto>(manager.post(stock('/adjustments'), { productId: product.id, type: 'RECEIPT', quantity: 12, note: 'Livraison' }), 201);
      expect(receipt.movement).toMatchObject({ type: 'RECEIPT', quantity: 12, note: 'Livraison', userId: shop.users.MANAGER.id, productName: 'Bougies x6' });
      expect(receipt.level.quantity).toBe(22);
      const loss = await manager.ok<AdjustmentResultDto>(manager.post(stock('/adjustments'), { productId: product.id, type: 'ADJUSTMENT', quantity: -2, note: 'Cassé' }), 201);
      expect(loss.level.quantity).toBe(20);
      // A count says what is on the shelf: the movement is the difference, so sales made meanwhile still count.
      const count = await manager.ok<AdjustmentResultDto>(manager.post(stock('/adjustments'), { productId: product.id, type: 'COUNT', quantity: 17 }), 201);
      expect(count.movement.quantity).toBe(-3);
      expect(count.level.quantity).toBe(17);
      const [sum] = await backend.dataSource.query<{ total: number }[]>('SELECT sum(quantity)::int AS total FROM stock_movements WHERE product_id = $1', [product.id]);
      expect(sum?.total).toBe(17);
      const pulled = await pullNew();
      expect(pulled.filter((change) => change.entity === 'stock_movement')).toHaveLength(3);
      expect(pulled.filter((change) => change.entity === 'stock_level').at(-1)).toMatchObject({ entityId: product.id, data: { quantity: 17 } });
    });

    it.each([
      ['a receipt of 0', { type: 'RECEIPT', quantity: 0 }, 400],
      ['a negative receipt', { type: 'RECEIPT', quantity: -1 }, 400],
      ['an adjustment of 0', { type: 'ADJUSTMENT', quantity: 0 }, 400],
      ['a negative count', { type: 'COUNT', quantity: -1 }, 400],
      ['a fractional quantity', { type: 'RECEIPT', quantity: 1.5 }, 400],
      ['a SALE typed by hand', { type: 'SALE', quantity: -1 }, 400],
      ['an OPENING after creation', { type: 'OPENING', quantity: 5 }, 400],
    ])('answers 400 to %s, writing nothing', async (_name, fields, status) => {
      const before = await countRows(backend.dataSource);
      expect((await manager.post(stock('/adjustments'), { productId: product.id, ...fields })).status).toBe(status);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('answers 404 to an adjustment of an unknown product', async () => {
      expect((await manager.post(stock('/adjustments'), { productId: '0198f2a0-0000-7000-8000-000000000000', type: 'RECEIPT', quantity: 1 })).status).toBe(404);
    });

    it('lists levels (with the low flag), the low-stock list and the movements, filtered and paginated', async () => {
      const low = await createProduct({ name: 'Allumettes', lowStockThreshold: 10, openingStock: 3 });
      const levels = await manager.ok<Page<StockLevelDto>>(manager.get(stock('?search=Allumettes')));
      expect(levels.items).toEqual([expect.objectContaining({ productId: low.id, quantity: 3, lowStockThreshold: 10, low: true })]);
      const lowOnly = await manager.ok<Page<StockLevelDto>>(manager.get(stock('?lowOnly=true&limit=500')));
      expect(lowOnly.items.every((item) => item.low)).toBe(true);
      expect(lowOnly.items.map((item) => item.productId)).toContain(low.id);
      const reorder = await manager.ok<StockLevelDto[]>(manager.get(stock('/low')));
      expect(reorder.map((item) => item.productId)).toContain(low.id);
      expect(reorder.map((item) => item.productId)).not.toContain(product.id);

      const movements = await manager.ok<Page<StockMovementDto>>(manager.get(stock(`/movements?productId=${product.id}&limit=2`)));
      expect(movements.items.map((movement) => movement.type)).toEqual(['COUNT', 'ADJUSTMENT']);
      const rest = await manager.ok<Page<StockMovementDto>>(manager.get(stock(`/movements?productId=${product.id}&limit=2&cursor=${movements.nextCursor}`)));
      expect(rest.items.map((movement) => movement.type)).toEqual(['RECEIPT', 'OPENING']);
      const receipts = await manager.ok<Page<StockMovementDto>>(manager.get(stock(`/movements?productId=${product.id}&type=RECEIPT`)));
      expect(receipts.items).toHaveLength(1);
      const future = await manager.ok<Page<StockMovementDto>>(manager.get(stock(`/movements?from=${encodeURIComponent('2099-01-01T00:00:00Z')}`)));
      expect(future.items).toEqual([]);
      expect((await manager.get(stock('/movements?from=yesterday'))).status).toBe(400);
    });

    it('[I4] lists the oversells terminals made offline, for review', async () => {
      const scarce = await createProduct({ name: 'Dernier carton', openingStock: 1 });
      const sale = terminal.sale([{ product: { id: scarce.id, name: scarce.name, price: scarce.price }, quantity: 3 }]);
      await terminal.pushOk([sale]);
      const alerts = await manager.ok<Page<{ productId: string; quantityAfter: number; saleId: string }>>(manager.get(stock(`/alerts?productId=${scarce.id}`)));
      expect(alerts.items).toEqual([expect.objectContaining({ productId: scarce.id, quantityAfter: -2, saleId: sale.payload.id })]);
      expect((await manager.ok<ProductDto>(manager.get(products(`/${scarce.id}`)))).stock).toBe(-2);
    });
  });

  describe('conflicts', () => {
    const conflicts = (rest = '') => shopPath(shop.shopId, `/conflicts${rest}`);

    it('[I6] a terminal edit older than the manager’s loses; the manager sees it and can restore it', async () => {
      const product = await createProduct({ name: 'Riz brisé 25 kg', price: 14000 });
      await pullNew();
      const stale = encodeHlc({ ms: Date.now() - 60_000, counter: 0, node: terminal.deviceId });
      await terminal.pushOk([terminal.productUpdate({ id: product.id, price: 13500 }, stale)]);
      expect((await manager.ok<ProductDto>(manager.get(products(`/${product.id}`)))).price).toBe(14000);

      const open = await manager.ok<Page<ConflictDto>>(manager.get(conflicts(`?entityId=${product.id}&status=open`)));
      expect(open.items).toEqual([
        expect.objectContaining({ kind: 'REFUSED', entity: 'product', field: 'price', losingValue: 13500, winningValue: 14000, losingDevice: terminal.deviceId, resolution: null }),
      ]);
      const restored = await manager.ok<ConflictDto>(manager.post(conflicts(`/${open.items[0]!.id}/resolve`), { resolution: 'RESTORE', note: 'Le prix du terminal était le bon' }));
      expect(restored.resolution).toMatchObject({ resolution: 'RESTORE', note: 'Le prix du terminal était le bon', resolvedBy: shop.users.MANAGER.id, opId: expect.any(String) as string });
      expect((await manager.ok<ProductDto>(manager.get(products(`/${product.id}`)))).price).toBe(13500);
      expect((await pullNew()).find((change) => change.entityId === product.id)).toMatchObject({ data: { price: 13500 } });

      expect((await manager.post(conflicts(`/${open.items[0]!.id}/resolve`), { resolution: 'KEEP' })).status).toBe(409);
      const resolved = await manager.ok<Page<ConflictDto>>(manager.get(conflicts(`?entityId=${product.id}&status=resolved`)));
      expect(resolved.items.map((item) => item.id)).toContain(open.items[0]!.id);
      const stillOpen = await manager.ok<Page<ConflictDto>>(manager.get(conflicts(`?entityId=${product.id}&status=open`)));
      expect(stillOpen.items.map((item) => item.id)).not.toContain(open.items[0]!.id);
    });

    it('[I6] a clock too far ahead is logged CLOCK_CLAMPED: it can be kept, not restored', async () => {
      const product = await createProduct({ name: 'Piles AA x4' });
      const ahead = encodeHlc({ ms: Date.now() + 24 * 3_600_000, counter: 0, node: terminal.deviceId });
      await terminal.pushOk([terminal.productUpdate({ id: product.id, name: 'Piles AA x4 (alcalines)' }, ahead)]);
      const page = await manager.ok<Page<ConflictDto>>(manager.get(conflicts(`?entityId=${product.id}&kind=CLOCK_CLAMPED`)));
      expect(page.items).toHaveLength(1);
      const id = page.items[0]!.id;
      expect((await manager.post(conflicts(`/${id}/resolve`), { resolution: 'RESTORE' })).status).toBe(400);
      expect((await manager.ok<ConflictDto>(manager.post(conflicts(`/${id}/resolve`), { resolution: 'KEEP' }))).resolution?.resolution).toBe('KEEP');
    });

    it('answers 404 to an unknown conflict and 400 to a bad id or resolution', async () => {
      expect((await manager.post(conflicts('/999999999/resolve'), { resolution: 'KEEP' })).status).toBe(404);
      expect((await manager.post(conflicts('/abc/resolve'), { resolution: 'KEEP' })).status).toBe(400);
      expect((await manager.post(conflicts('/1/resolve'), { resolution: 'MERGE' })).status).toBe(400);
      expect((await manager.get(conflicts('?status=maybe'))).status).toBe(400);
    });
  });
});
