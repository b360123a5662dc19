import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type StockMovementType } from '@seri/shared';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { StockAlertsService } from '../../stock/stock-alerts.service';
import { AdminOpsService } from '../admin-ops.service';
import type { StockAlertDto, StockAlertQueryDto } from '../review/dto/review.dto';
import { CURSOR_KEY, decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/page';
import { containsPattern, SqlParams } from '../common/sql-builder';
import type {
  AdjustmentResultDto,
  CreateAdjustmentDto,
  StockLevelDto,
  StockLevelQueryDto,
  StockMovementDto,
  StockMovementQueryDto,
} from './dto/stock.dto';

interface LevelRow {
  product_id: string;
  sku: string;
  name: string;
  barcode: string | null;
  quantity: string;
  low_stock_threshold: number;
  archived: boolean;
}

interface MovementRow {
  id: string;
  product_id: string;
  product_name: string;
  type: StockMovementType;
  quantity: number;
  sale_id: string | null;
  device_id: string | null;
  user_id: string | null;
  note: string | null;
  created_at: Date;
  recorded_at: Date;
  created_us: string;
}

const LEVEL_SELECT = `SELECT p.id AS product_id, p.sku, p.name, p.barcode, COALESCE(l.quantity, 0)::text AS quantity, p.low_stock_threshold, p.archived
  FROM products p LEFT JOIN stock_levels l ON l.shop_id = p.shop_id AND l.product_id = p.id`;
const LOW = 'COALESCE(l.quantity, 0) <= p.low_stock_threshold';

function toLevelDto(row: LevelRow): StockLevelDto {
  const quantity = Number(row.quantity);
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    barcode: row.barcode,
    quantity,
    lowStockThreshold: row.low_stock_threshold,
    low: quantity <= row.low_stock_threshold,
    archived: row.archived,
  };
}

function toMovementDto(row: MovementRow): StockMovementDto {
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    type: row.type,
    quantity: row.quantity,
    saleId: row.sale_id,
    deviceId: row.device_id,
    userId: row.user_id,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}

/**
 * Stock from the admin API. Levels are the ledger's sums (I4); a manager's receipt,
 * adjustment or count is a `stock_movement` op like a terminal's, never a new level.
 */
@Injectable()
export class AdminStockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
    private readonly alerts: StockAlertsService,
  ) {}

  /** Oversells flagged by the sync (I4): allowed offline, never silently fixed, listed here for review. */
  async listAlerts(shopId: string, query: StockAlertQueryDto): Promise<Page<StockAlertDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.integer]);
    const fetched = await this.alerts.list(shopId, {
      limit: size + 1,
      openOnly: query.openOnly ?? true,
      ...(after ? { beforeId: after[0]! } : {}),
      ...(query.productId ? { productId: query.productId } : {}),
    });
    const items = fetched.slice(0, size);
    const last = items[items.length - 1];
    return { items, nextCursor: fetched.length > size && last ? encodeCursor([last.id]) : null };
  }

  async levels(shopId: string, query: StockLevelQueryDto): Promise<Page<StockLevelDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.text, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`p.shop_id = ${params.add(shopId)}`, 'NOT p.archived'];
    if (query.lowOnly) where.push(LOW);
    if (query.search !== undefined) {
      const pattern = params.add(containsPattern(query.search));
      where.push(`(p.name ILIKE ${pattern} OR p.sku ILIKE ${pattern})`);
    }
    if (after) where.push(`(p.name, p.id) > (${params.add(after[0])}, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<LevelRow[]>(
      `${LEVEL_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.name, p.id LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, toLevelDto, (row) => [row.name, row.product_id]);
  }

  /** Products on sale at or below their threshold, emptiest first: the reorder list. */
  async low(shopId: string): Promise<StockLevelDto[]> {
    const rows = await this.dataSource.query<LevelRow[]>(
      `${LEVEL_SELECT} WHERE p.shop_id = $1 AND NOT p.archived AND ${LOW}
        ORDER BY COALESCE(l.quantity, 0) - p.low_stock_threshold, p.name, p.id LIMIT 1000`,
      [shopId],
    );
    return rows.map(toLevelDto);
  }

  async movements(shopId: string, query: StockMovementQueryDto): Promise<Page<StockMovementDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.integer, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`m.shop_id = ${params.add(shopId)}`];
    if (query.productId !== undefined) where.push(`m.product_id = ${params.add(query.productId)}`);
    if (query.type !== undefined) where.push(`m.type = ${params.add(query.type)}`);
    if (query.from !== undefined) where.push(`m.created_at >= ${params.add(parseInstant(query.from, 'from'))}`);
    if (query.to !== undefined) where.push(`m.created_at < ${params.add(parseInstant(query.to, 'to'))}`);
    // Microseconds since the epoch keep the cursor exact (a JS Date would round to milliseconds).
    const createdUs = `(extract(epoch FROM m.created_at) * 1000000)::bigint`;
    if (after) where.push(`(${createdUs}, m.id) < (${params.add(after[0])}::bigint, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<MovementRow[]>(
      `SELECT m.id, m.product_id, p.name AS product_name, m.type, m.quantity, m.sale_id, m.device_id, m.user_id, m.note,
              m.created_at, m.recorded_at, ${createdUs}::text AS created_us
         FROM stock_movements m JOIN products p ON p.id = m.product_id
        WHERE ${where.join(' AND ')}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, toMovementDto, (row) => [row.created_us, row.id]);
  }

  async adjust(actor: AuthenticatedUser, shopId: string, body: CreateAdjustmentDto): Promise<AdjustmentResultDto> {
    const level = await this.level(shopId, body.productId);
    let quantity = body.quantity;
    if (body.type === 'RECEIPT' && quantity <= 0) throw new BadRequestException('quantity of a receipt must be positive');
    if (body.type === 'ADJUSTMENT' && quantity === 0) throw new BadRequestException('quantity of an adjustment must not be 0');
    if (body.type === 'COUNT') {
      if (quantity < 0) throw new BadRequestException('quantity of a count is what was counted: 0 or more');
      // What the shelf holds minus what the ledger says: sales made since the count still count (I4).
      quantity = body.quantity - level.quantity;
    }
    const id = uuidv7();
    await this.ops.apply({ userId: actor.userId, shopId }, [
      {
        entity: 'stock_movement',
        kind: 'create',
        entityId: id,
        payload: { id, productId: body.productId, type: body.type, quantity, note: body.note ?? null, createdAt: new Date().toISOString() },
      },
    ]);
    const [movement] = await this.dataSource.query<MovementRow[]>(
      `SELECT m.id, m.product_id, p.name AS product_name, m.type, m.quantity, m.sale_id, m.device_id, m.user_id, m.note,
              m.created_at, m.recorded_at, '' AS created_us
         FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE m.id = $1 AND m.shop_id = $2`,
      [id, shopId],
    );
    if (!movement) throw new Error(`stock movement ${id} was applied but cannot be read back`);
    return { movement: toMovementDto(movement), level: await this.level(shopId, body.productId) };
  }

  private async level(shopId: string, productId: string): Promise<StockLevelDto> {
    const [row] = await this.dataSource.query<LevelRow[]>(`${LEVEL_SELECT} WHERE p.shop_id = $1 AND p.id = $2`, [shopId, productId]);
    if (!row) throw new NotFoundException(`product ${productId} not found in this shop`);
    return toLevelDto(row);
  }
}

function parseInstant(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date or date-time`);
  return date;
}
