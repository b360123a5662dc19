import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { ConflictLogEntry } from '../../conflicts/conflict-log.entity';
import { ConflictsService, type ConflictRecord } from '../../conflicts/conflicts.service';
import { RejectedOp } from '../../sync/rejected-op.entity';
import { RejectedOpsService, type RejectedOpRecord } from '../../sync/rejected-ops.service';
import { AdminOpsService, type AdminOpSpec } from '../admin-ops.service';
import { CURSOR_KEY, decodeCursor, encodeCursor, pageSize, type Page } from '../common/page';
import { ConflictResolutionEntry } from './conflict-resolution.entity';
import type {
  ConflictDto,
  ConflictQueryDto,
  RejectedOpDto,
  RejectedOpQueryDto,
  ResolveConflictDto,
  ResolveRejectedOpDto,
  ReviewStatus,
} from './dto/review.dto';
import { RejectedOpResolutionEntry } from './rejected-op-resolution.entity';

/** Fields a RESTORE may write back, per entity: what the entity's update op accepts. */
const RESTORABLE: Readonly<Record<string, readonly string[]>> = {
  product: ['sku', 'barcode', 'name', 'price', 'cost', 'category', 'lowStockThreshold', 'archived', 'taxRateId'],
  expense: ['category', 'amount', 'note', 'date'],
  tax_rate: ['name', 'rateBp', 'archived'],
};

function keeps(status: ReviewStatus | undefined, resolved: boolean): boolean {
  return status === undefined || status === 'all' || (status === 'resolved') === resolved;
}

/**
 * What the sync leaves for a manager: the conflict log (I6) and rejected ops (I7), read
 * through the sync module's services, with the manager's resolutions kept in tables of
 * their own. A page may hold fewer items than `limit` when filtered by status; follow
 * `nextCursor` until it is null.
 */
@Injectable()
export class AdminReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conflicts: ConflictsService,
    private readonly rejections: RejectedOpsService,
    private readonly ops: AdminOpsService,
  ) {}

  async listConflicts(shopId: string, query: ConflictQueryDto): Promise<Page<ConflictDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.integer]);
    const fetched = await this.conflicts.list(shopId, {
      limit: size + 1,
      ...(after ? { beforeId: after[0]! } : {}),
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.entityId ? { entityId: query.entityId } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    });
    const page = fetched.slice(0, size);
    const resolutions = await this.dataSource.manager.findBy(ConflictResolutionEntry, { shopId, conflictId: In(page.map((entry) => entry.id)) });
    const byId = new Map(resolutions.map((resolution) => [String(resolution.conflictId), resolution]));
    const items = page.map((entry) => toConflictDto(entry, byId.get(entry.id) ?? null)).filter((item) => keeps(query.status, item.resolution !== null));
    const last = page[page.length - 1];
    return { items, nextCursor: fetched.length > size && last ? encodeCursor([last.id]) : null };
  }

  /**
   * KEEP records that the current value stays. RESTORE writes the losing value back as a
   * new op from the admin console: newest by HLC, it wins (I6), and terminals pull it.
   */
  async resolveConflict(actor: AuthenticatedUser, shopId: string, conflictId: string, body: ResolveConflictDto): Promise<ConflictDto> {
    const entry = await this.dataSource.manager.findOneBy(ConflictLogEntry, { id: conflictId, shopId });
    if (!entry) throw new NotFoundException(`conflict ${conflictId} not found in this shop`);
    if (await this.dataSource.manager.existsBy(ConflictResolutionEntry, { conflictId, shopId })) {
      throw new ConflictException(`conflict ${conflictId} is already resolved`);
    }
    let opId: string | null = null;
    if (body.resolution === 'RESTORE') {
      const [op] = await this.ops.apply({ userId: actor.userId, shopId }, [restoreSpec(entry)]);
      opId = op?.opId ?? null;
    }
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO conflict_resolutions (conflict_id, shop_id, resolution, note, op_id, resolved_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conflict_id) DO NOTHING RETURNING conflict_id`,
      [conflictId, shopId, body.resolution, body.note ?? null, opId, actor.userId],
    );
    if (inserted.length === 0) throw new ConflictException(`conflict ${conflictId} was resolved by someone else meanwhile`);
    const resolution = await this.dataSource.manager.findOneByOrFail(ConflictResolutionEntry, { conflictId, shopId });
    return toConflictDto(toConflictRecord(entry), resolution);
  }

  async listRejectedOps(shopId: string, query: RejectedOpQueryDto): Promise<Page<RejectedOpDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.instant]);
    const fetched = await this.rejections.list(shopId, { limit: size + 1, ...(after ? { before: after[0]! } : {}) });
    const page = fetched.slice(0, size);
    const resolutions = await this.dataSource.manager.findBy(RejectedOpResolutionEntry, { shopId, opId: In(page.map((op) => op.opId)) });
    const byId = new Map(resolutions.map((resolution) => [resolution.opId, resolution]));
    const items = page.map((op) => toRejectedOpDto(op, byId.get(op.opId) ?? null)).filter((item) => keeps(query.status, item.resolution !== null));
    const last = page[page.length - 1];
    return { items, nextCursor: fetched.length > size && last ? encodeCursor([last.createdAt]) : null };
  }

  /** Closes a rejected op; a rejected sale's review (money that changed hands) is closed with it. */
  async resolveRejectedOp(actor: AuthenticatedUser, shopId: string, opId: string, body: ResolveRejectedOpDto): Promise<RejectedOpDto> {
    const rejected = await this.dataSource.manager.findOneBy(RejectedOp, { opId, shopId });
    if (!rejected) throw new NotFoundException(`rejected op ${opId} not found in this shop`);
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO rejected_op_resolutions (op_id, shop_id, resolution, note, resolved_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (op_id) DO NOTHING RETURNING op_id`,
      [opId, shopId, body.resolution, body.note, actor.userId],
    );
    if (inserted.length === 0) throw new ConflictException(`rejected op ${opId} is already resolved`);
    if (rejected.entity === 'sale') {
      const reviews = await this.dataSource.query<{ id: string }[]>(`SELECT id::text AS id FROM sale_reviews WHERE op_id = $1 AND shop_id = $2 AND status = 'OPEN'`, [
        opId,
        shopId,
      ]);
      for (const review of reviews) await this.rejections.resolveSaleReview(shopId, review.id, actor.userId, `${body.resolution}: ${body.note}`);
    }
    const resolution = await this.dataSource.manager.findOneByOrFail(RejectedOpResolutionEntry, { opId, shopId });
    return toRejectedOpDto(
      {
        opId: rejected.opId,
        deviceId: rejected.deviceId,
        userId: rejected.userId,
        entity: rejected.entity,
        kind: rejected.kind,
        entityId: rejected.entityId,
        code: rejected.code,
        reason: rejected.reason,
        op: rejected.op,
        createdAt: rejected.createdAt.toISOString(),
      },
      resolution,
    );
  }
}

function restoreSpec(entry: ConflictLogEntry): AdminOpSpec {
  const fields = RESTORABLE[entry.entity];
  if (!fields || entry.kind === 'CLOCK_CLAMPED' || !fields.includes(entry.field)) {
    throw new BadRequestException(`a ${entry.kind} conflict on ${entry.entity}.${entry.field} cannot be restored; resolve it with KEEP`);
  }
  // The value is checked by the op validator like any write: one that no longer fits is a 400.
  const payload = { id: entry.entityId, [entry.field]: entry.losingValue };
  switch (entry.entity) {
    case 'product':
      return { entity: 'product', kind: 'update', entityId: entry.entityId, payload };
    case 'tax_rate':
      return { entity: 'tax_rate', kind: 'update', entityId: entry.entityId, payload };
    default:
      return { entity: 'expense', kind: 'update', entityId: entry.entityId, payload };
  }
}

function toConflictRecord(entry: ConflictLogEntry): ConflictRecord {
  return {
    id: String(entry.id),
    kind: entry.kind,
    entity: entry.entity,
    entityId: entry.entityId,
    field: entry.field,
    losingValue: entry.losingValue,
    winningValue: entry.winningValue,
    losingHlc: entry.losingHlc,
    winningHlc: entry.winningHlc,
    losingDevice: entry.losingDevice,
    winningDevice: entry.winningDevice,
    opId: entry.opId,
    createdAt: entry.createdAt.toISOString(),
  };
}

function toConflictDto(entry: ConflictRecord, resolution: ConflictResolutionEntry | null): ConflictDto {
  return {
    ...entry,
    resolution: resolution
      ? {
          resolution: resolution.resolution,
          note: resolution.note,
          opId: resolution.opId,
          resolvedBy: resolution.resolvedBy,
          resolvedAt: resolution.resolvedAt.toISOString(),
        }
      : null,
  };
}

function toRejectedOpDto(op: RejectedOpRecord, resolution: RejectedOpResolutionEntry | null): RejectedOpDto {
  return {
    ...op,
    op: op.op as unknown as Record<string, unknown>,
    resolution: resolution
      ? { resolution: resolution.resolution, note: resolution.note, resolvedBy: resolution.resolvedBy, resolvedAt: resolution.resolvedAt.toISOString() }
      : null,
  };
}
