import { Injectable } from '@nestjs/common';
import type { AnyOp, RejectionCode } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { RejectedOp } from './rejected-op.entity';
import { SaleReview, type SaleReviewStatus } from './sale-review.entity';

export interface RejectedOpRecord {
  opId: string;
  deviceId: string | null;
  userId: string | null;
  entity: string;
  kind: string;
  entityId: string;
  code: string;
  reason: string;
  op: AnyOp;
  createdAt: string;
}

export interface SaleReviewRecord {
  id: string;
  opId: string;
  saleId: string;
  deviceId: string | null;
  kind: string;
  code: string;
  reason: string;
  total: number | null;
  payload: unknown;
  status: SaleReviewStatus;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  createdAt: string;
}

export interface PageOptions {
  limit?: number;
  /** Only rows created before this ISO time (the previous page's last createdAt). */
  before?: string;
}

/**
 * Rejected ops (I7) and the manager's review of rejected sales. Written in the transaction
 * that records the rejection in processed_ops, so a replay finds both or neither.
 */
@Injectable()
export class RejectedOpsService {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, op: AnyOp, code: RejectionCode, reason: string, deviceId: string | null): Promise<void> {
    await manager.insert(RejectedOp, {
      opId: op.opId,
      shopId: op.shopId,
      deviceId,
      userId: op.userId,
      entity: op.entity,
      kind: op.kind,
      entityId: op.entityId,
      code,
      reason,
      op,
    });
    if (op.entity !== 'sale') return;
    const payload = op.payload as unknown as Record<string, unknown>;
    const total = typeof payload['total'] === 'number' ? payload['total'] : null;
    const saleId = typeof payload['saleId'] === 'string' ? payload['saleId'] : op.entityId;
    await manager.insert(SaleReview, {
      opId: op.opId,
      shopId: op.shopId,
      saleId,
      deviceId,
      kind: op.kind,
      code,
      reason,
      total,
      payload: op.payload,
      status: 'OPEN',
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
    });
  }

  async list(shopId: string, options: PageOptions = {}): Promise<RejectedOpRecord[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(RejectedOp, 'r')
      .where('r.shopId = :shopId', { shopId })
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.opId', 'DESC')
      .take(pageLimit(options.limit));
    if (options.before !== undefined && !Number.isNaN(Date.parse(options.before))) query.andWhere('r.createdAt < :before', { before: new Date(options.before) });
    const rows = await query.getMany();
    return rows.map((row) => ({
      opId: row.opId,
      deviceId: row.deviceId,
      userId: row.userId,
      entity: row.entity,
      kind: row.kind,
      entityId: row.entityId,
      code: row.code,
      reason: row.reason,
      op: row.op,
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async listSaleReviews(shopId: string, options: PageOptions & { status?: SaleReviewStatus } = {}): Promise<SaleReviewRecord[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(SaleReview, 's')
      .where('s.shopId = :shopId', { shopId })
      .orderBy('s.id', 'DESC')
      .take(pageLimit(options.limit));
    if (options.status !== undefined) query.andWhere('s.status = :status', { status: options.status });
    if (options.before !== undefined && !Number.isNaN(Date.parse(options.before))) query.andWhere('s.createdAt < :before', { before: new Date(options.before) });
    return (await query.getMany()).map(toSaleReviewRecord);
  }

  /** A manager closes a review (after re-entering the sale, refunding the customer…); null if not in this shop. */
  async resolveSaleReview(shopId: string, reviewId: string, userId: string, note: string): Promise<SaleReviewRecord | null> {
    if (!/^\d{1,19}$/.test(reviewId)) return null;
    await this.dataSource.manager.update(
      SaleReview,
      { id: reviewId, shopId, status: 'OPEN' },
      { status: 'RESOLVED', resolvedAt: new Date(), resolvedBy: userId, resolutionNote: note },
    );
    const row = await this.dataSource.manager.findOneBy(SaleReview, { id: reviewId, shopId });
    return row ? toSaleReviewRecord(row) : null;
  }
}

function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(1, Math.floor(limit ?? 100)), 1000);
}

function toSaleReviewRecord(row: SaleReview): SaleReviewRecord {
  return {
    id: String(row.id),
    opId: row.opId,
    saleId: row.saleId,
    deviceId: row.deviceId,
    kind: row.kind,
    code: row.code,
    reason: row.reason,
    total: row.total,
    payload: row.payload,
    status: row.status,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
    resolutionNote: row.resolutionNote,
    createdAt: row.createdAt.toISOString(),
  };
}
