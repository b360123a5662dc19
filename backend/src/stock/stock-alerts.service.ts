import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StockAlert, type StockAlertKind } from './stock-alert.entity';

export interface StockAlertRecord {
  id: string;
  kind: StockAlertKind;
  productId: string;
  movementId: string;
  saleId: string | null;
  deviceId: string | null;
  quantityAfter: number;
  resolvedAt: string | null;
  createdAt: string;
}

export interface StockAlertListOptions {
  limit?: number;
  beforeId?: string;
  /** Only alerts no manager has resolved yet. */
  openOnly?: boolean;
  productId?: string;
}

/** Oversell flags (I4) for the admin API, newest first, scoped by shop (I9). */
@Injectable()
export class StockAlertsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(shopId: string, options: StockAlertListOptions = {}): Promise<StockAlertRecord[]> {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 100)), 1000);
    const query = this.dataSource.manager
      .createQueryBuilder(StockAlert, 'a')
      .where('a.shopId = :shopId', { shopId })
      .orderBy('a.id', 'DESC')
      .take(limit);
    if (options.beforeId !== undefined && /^\d{1,19}$/.test(options.beforeId)) query.andWhere('a.id < :beforeId', { beforeId: options.beforeId });
    if (options.openOnly) query.andWhere('a.resolvedAt IS NULL');
    if (options.productId !== undefined) query.andWhere('a.productId = :productId', { productId: options.productId });
    const rows = await query.getMany();
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      productId: row.productId,
      movementId: row.movementId,
      saleId: row.saleId,
      deviceId: row.deviceId,
      quantityAfter: row.quantityAfter,
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
