import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type ProductPricing, type ProductUpdatePayload } from '@seri/shared';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminOpsService, type AdminActor, type AdminOpSpec } from '../admin-ops.service';
import { toCsv } from '../common/csv';
import { CURSOR_KEY, decodeCursor, pageSize, toPage, type Page } from '../common/page';
import { containsPattern, SqlParams } from '../common/sql-builder';
import type { CreateProductDto, ImportProductsDto, ImportResultDto, ProductDto, ProductListQueryDto, UpdateProductDto } from './dto/product.dto';
import { readProductCsv, type ImportRow } from './product-import';

interface ProductRow {
  id: string;
  shop_id: string;
  sku: string;
  barcode: string | null;
  name: string;
  price: string;
  cost: string | null;
  category: string | null;
  low_stock_threshold: number;
  archived: boolean;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  pricing: ProductPricing;
  hlc: string;
  created_at: Date;
  updated_at: Date;
  stock: string;
}

const PRODUCT_COLUMNS = `p.id, p.shop_id, p.sku, p.barcode, p.name, p.price::text AS price, p.cost::text AS cost, p.category,
  p.low_stock_threshold, p.archived, p.tax_rate_id, t.name AS tax_rate_name, p.pricing, p.hlc, p.created_at, p.updated_at, COALESCE(l.quantity, 0)::text AS stock`;
const PRODUCT_FROM = `products p LEFT JOIN stock_levels l ON l.shop_id = p.shop_id AND l.product_id = p.id
  LEFT JOIN tax_rates t ON t.shop_id = p.shop_id AND t.id = p.tax_rate_id`;
const EXPORT_HEADER = ['id', 'sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'taxRate', 'pricing', 'stock'] as const;
type EditableField = 'sku' | 'barcode' | 'name' | 'price' | 'cost' | 'category' | 'lowStockThreshold' | 'archived' | 'taxRateId' | 'pricing';
const EDITABLE: readonly EditableField[] = ['sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'taxRateId', 'pricing'];

function toProductDto(row: ProductRow): ProductDto {
  return {
    id: row.id,
    shopId: row.shop_id,
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    price: Number(row.price),
    cost: row.cost === null ? null : Number(row.cost),
    category: row.category,
    lowStockThreshold: row.low_stock_threshold,
    archived: row.archived,
    taxRateId: row.tax_rate_id,
    pricing: row.pricing,
    hlc: row.hlc,
    updatedAt: row.updated_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    stock: Number(row.stock),
  };
}

/**
 * The catalogue from the admin API. Reads are scoped by shop; writes are `product` ops
 * (and an OPENING `stock_movement`) through the op pipeline, so terminals get them by pull
 * and last-write-wins applies to them as to a terminal's edits (I6).
 */
@Injectable()
export class AdminProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
  ) {}

  async list(shopId: string, query: ProductListQueryDto): Promise<Page<ProductDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.text, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`p.shop_id = ${params.add(shopId)}`];
    const archived = query.archived ?? 'false';
    if (archived !== 'all') where.push(`p.archived = ${params.add(archived === 'true')}`);
    if (query.category !== undefined) where.push(`p.category = ${params.add(query.category)}`);
    if (query.search !== undefined) {
      const pattern = params.add(containsPattern(query.search));
      where.push(`(p.name ILIKE ${pattern} OR p.sku ILIKE ${pattern} OR p.barcode = ${params.add(query.search)})`);
    }
    if (after) where.push(`(p.name, p.id) > (${params.add(after[0])}, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<ProductRow[]>(
      `SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE ${where.join(' AND ')} ORDER BY p.name, p.id LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, toProductDto, (row) => [row.name, row.id]);
  }

  async get(shopId: string, productId: string): Promise<ProductDto> {
    const [row] = await this.dataSource.query<ProductRow[]>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.shop_id = $1 AND p.id = $2`, [
      shopId,
      productId,
    ]);
    if (!row) throw new NotFoundException(`product ${productId} not found in this shop`);
    return toProductDto(row);
  }

  async create(actor: AuthenticatedUser, shopId: string, body: CreateProductDto): Promise<ProductDto> {
    await this.checkUnique(shopId, null, body.sku, body.barcode ?? null);
    await this.checkRate(shopId, body.taxRateId, null);
    const specs = createSpecs(body);
    const id = specs[0]!.entityId;
    await this.ops.apply(this.actor(actor, shopId), specs);
    return this.get(shopId, id);
  }

  async update(actor: AuthenticatedUser, shopId: string, productId: string, body: UpdateProductDto): Promise<ProductDto> {
    const current = await this.get(shopId, productId);
    await this.checkUnique(shopId, productId, body.sku, body.barcode);
    await this.checkRate(shopId, body.taxRateId, current.taxRateId);
    const changes = changedFields(current, body);
    if (Object.keys(changes).length > 0) {
      await this.ops.apply(this.actor(actor, shopId), [{ entity: 'product', kind: 'update', entityId: productId, payload: { id: productId, ...changes } }]);
    }
    return this.get(shopId, productId);
  }

  /** Archived products leave the till and the lists but stay in past sales and reports. */
  async setArchived(actor: AuthenticatedUser, shopId: string, productId: string, archived: boolean): Promise<ProductDto> {
    const current = await this.get(shopId, productId);
    if (current.archived !== archived) {
      await this.ops.apply(this.actor(actor, shopId), [{ entity: 'product', kind: 'update', entityId: productId, payload: { id: productId, archived } }]);
    }
    return this.get(shopId, productId);
  }

  async exportCsv(shopId: string): Promise<string> {
    const rows = await this.dataSource.query<ProductRow[]>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.shop_id = $1 ORDER BY p.sku`, [shopId]);
    return toCsv(
      EXPORT_HEADER,
      rows.map((row) => [row, toProductDto(row)] as const).map(([row, p]) => [p.id, p.sku, p.barcode, p.name, p.price, p.cost, p.category, p.lowStockThreshold, p.archived, row.tax_rate_name, p.pricing, p.stock]),
    );
  }

  /**
   * Creates or updates products from CSV, matched by SKU. The whole file is checked first
   * (cells, duplicate SKUs and barcodes in the file and against the shop): any problem and
   * nothing is written, with every problem listed by line.
   */
  async importCsv(actor: AuthenticatedUser, shopId: string, body: ImportProductsDto): Promise<ImportResultDto> {
    const { rows, errors, fatal } = readProductCsv(body.csv);
    if (fatal) throw importError(errors);
    const existing = await this.existingBySku(shopId);
    const bySku = new Map(existing.map((product) => [product.sku, product]));
    const byBarcode = new Map(existing.filter((product) => product.barcode !== null).map((product) => [product.barcode!, product.sku]));
    const rateProblems = resolveRateNames(rows, bySku, await this.rates(shopId));
    const problems = [...errors, ...rateProblems, ...checkImportRows(rows, bySku, byBarcode)].sort((a, b) => lineOf(a) - lineOf(b));
    if (problems.length > 0) throw importError(problems);

    const specs: AdminOpSpec[] = [];
    const specLines: ImportRow[] = [];
    const result: ImportResultDto = { created: 0, updated: 0, unchanged: 0, dryRun: body.dryRun === true, failed: [] };
    for (const row of rows) {
      const current = bySku.get(row.sku);
      const planned = current ? updateSpecs(current, row) : createSpecs({ ...row, name: row.name!, price: row.price! });
      if (planned.length === 0) result.unchanged += 1;
      else if (current) result.updated += 1;
      else result.created += 1;
      for (const spec of planned) {
        specs.push(spec);
        specLines.push(row);
      }
    }
    if (result.dryRun) return result;
    const outcomes = await this.ops.applyEach(this.actor(actor, shopId), specs);
    outcomes.forEach((error, index) => {
      const row = specLines[index]!;
      if (error) result.failed.push({ line: row.line, sku: row.sku, reason: error.message });
    });
    return result;
  }

  /**
   * A product's rate is a rate of its shop, not archived, unless the product already has
   * it (an archived rate stays on its products but is not picked anew). 400 otherwise.
   */
  private async checkRate(shopId: string, taxRateId: string | null | undefined, currentRateId: string | null): Promise<void> {
    if (taxRateId === undefined || taxRateId === null || taxRateId === currentRateId) return;
    const [rate] = await this.dataSource.query<{ name: string; archived: boolean }[]>('SELECT name, archived FROM tax_rates WHERE shop_id = $1 AND id = $2', [shopId, taxRateId]);
    if (!rate) throw new BadRequestException(`taxRateId: tax rate ${taxRateId} is not a rate of this shop`);
    if (rate.archived) throw new BadRequestException(`taxRateId: tax rate ${rate.name} is archived`);
  }

  private async rates(shopId: string): Promise<RateByName[]> {
    return this.dataSource.query<RateByName[]>('SELECT id, name, archived FROM tax_rates WHERE shop_id = $1 ORDER BY name', [shopId]);
  }

  private actor(user: AuthenticatedUser, shopId: string): AdminActor {
    return { userId: user.userId, shopId };
  }

  private async existingBySku(shopId: string): Promise<ProductDto[]> {
    const rows = await this.dataSource.query<ProductRow[]>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.shop_id = $1`, [shopId]);
    return rows.map(toProductDto);
  }

  /** SKU and barcode are unique per shop (archived products included: a scan must find one product). */
  private async checkUnique(shopId: string, productId: string | null, sku: string | undefined, barcode: string | null | undefined): Promise<void> {
    if (sku !== undefined) {
      const [clash] = await this.dataSource.query<{ name: string }[]>('SELECT name FROM products WHERE shop_id = $1 AND sku = $2 AND id IS DISTINCT FROM $3', [
        shopId,
        sku,
        productId,
      ]);
      if (clash) throw new ConflictException(`SKU ${sku} is already used by ${clash.name}`);
    }
    if (barcode !== undefined && barcode !== null) {
      const [clash] = await this.dataSource.query<{ name: string }[]>(
        'SELECT name FROM products WHERE shop_id = $1 AND barcode = $2 AND id IS DISTINCT FROM $3',
        [shopId, barcode, productId],
      );
      if (clash) throw new ConflictException(`barcode ${barcode} is already used by ${clash.name}`);
    }
  }
}

function openingStock(productId: string, quantity: number): AdminOpSpec {
  const id = uuidv7();
  return {
    entity: 'stock_movement',
    kind: 'create',
    entityId: id,
    payload: { id, productId, type: 'OPENING', quantity, note: null, createdAt: new Date().toISOString() },
  };
}

/** The fields of `wanted` that differ from the product: an unchanged field is not rewritten (no needless conflict). */
function changedFields(current: ProductDto, wanted: Partial<Record<EditableField, unknown>>): Omit<ProductUpdatePayload, 'id'> {
  const changes: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    const value = wanted[field];
    if (value !== undefined && value !== current[field]) changes[field] = value;
  }
  return changes;
}

/** The fields a new product is made of, from the admin form or a CSV row. */
interface NewProduct {
  sku: string;
  barcode?: string | null;
  name: string;
  price: number;
  cost?: number | null;
  category?: string | null;
  lowStockThreshold?: number;
  openingStock?: number;
  archived?: boolean;
  taxRateId?: string | null;
  pricing?: ProductPricing;
}

/** The ops that make a product: its creation, then archiving and opening stock when asked. */
function createSpecs(product: NewProduct): AdminOpSpec[] {
  const id = uuidv7();
  const specs: AdminOpSpec[] = [
    {
      entity: 'product',
      kind: 'create',
      entityId: id,
      payload: {
        id,
        sku: product.sku,
        barcode: product.barcode ?? null,
        name: product.name,
        price: product.price,
        cost: product.cost ?? null,
        category: product.category ?? null,
        lowStockThreshold: product.lowStockThreshold ?? 0,
        ...(product.taxRateId ? { taxRateId: product.taxRateId } : {}),
        ...(product.pricing && product.pricing !== 'UNIT' ? { pricing: product.pricing } : {}),
      },
    },
  ];
  if (product.archived === true) specs.push({ entity: 'product', kind: 'update', entityId: id, payload: { id, archived: true } });
  if (product.openingStock) specs.push(openingStock(id, product.openingStock));
  return specs;
}

function updateSpecs(current: ProductDto, row: ImportRow): AdminOpSpec[] {
  const changes = changedFields(current, row);
  return Object.keys(changes).length === 0 ? [] : [{ entity: 'product', kind: 'update', entityId: current.id, payload: { id: current.id, ...changes } }];
}

interface RateByName {
  id: string;
  name: string;
  archived: boolean;
}

/**
 * Turns each row's `taxRate` (a rate's name, case aside; empty: the shop's default) into
 * its `taxRateId`. A name the shop has no rate of, or only an archived one (unless the
 * product has it already), is a problem of its line: the file is not imported.
 */
function resolveRateNames(rows: ImportRow[], bySku: ReadonlyMap<string, ProductDto>, rates: readonly RateByName[]): string[] {
  const problems: string[] = [];
  const byName = new Map(rates.map((rate) => [rate.name.toLowerCase(), rate]));
  const names = rates.filter((rate) => !rate.archived).map((rate) => rate.name).join(', ') || 'none yet';
  for (const row of rows) {
    if (row.taxRate === undefined) continue;
    if (row.taxRate === null) {
      row.taxRateId = null;
      continue;
    }
    const rate = byName.get(row.taxRate.toLowerCase());
    if (!rate) problems.push(`line ${row.line}: tax rate "${row.taxRate}" is not a rate of this shop (its rates: ${names})`);
    else if (rate.archived && bySku.get(row.sku)?.taxRateId !== rate.id) problems.push(`line ${row.line}: tax rate "${rate.name}" is archived`);
    else row.taxRateId = rate.id;
  }
  return problems;
}

function checkImportRows(rows: readonly ImportRow[], bySku: ReadonlyMap<string, ProductDto>, byBarcode: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const skuLines = new Map<string, number>();
  const barcodeOwner = new Map(byBarcode);
  // Barcodes the file moves away from a product free them for another row of the same file.
  for (const row of rows) {
    const current = bySku.get(row.sku);
    if (current?.barcode && row.barcode !== undefined && row.barcode !== current.barcode) barcodeOwner.delete(current.barcode);
  }
  for (const row of rows) {
    const seen = skuLines.get(row.sku);
    if (seen !== undefined) problems.push(`line ${row.line}: sku ${row.sku} is already on line ${seen}`);
    skuLines.set(row.sku, row.line);
    if (!bySku.has(row.sku)) {
      if (row.name === undefined || row.price === undefined) problems.push(`line ${row.line}: a new product (sku ${row.sku}) needs a name and a price`);
    } else if (row.openingStock) {
      problems.push(`line ${row.line}: openingStock only applies to new products; record a stock adjustment for ${row.sku}`);
    }
    if (row.barcode) {
      const owner = barcodeOwner.get(row.barcode);
      if (owner !== undefined && owner !== row.sku) problems.push(`line ${row.line}: barcode ${row.barcode} is already used by ${owner}`);
      barcodeOwner.set(row.barcode, row.sku);
    }
  }
  return problems;
}

function lineOf(problem: string): number {
  return Number(/^line (\d+):/.exec(problem)?.[1] ?? 0);
}

function importError(errors: string[]): BadRequestException {
  const shown = errors.slice(0, 5).join('; ');
  return new BadRequestException({ message: `the file was not imported: ${shown}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`, details: errors });
}
