import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import {
  decodeHlc,
  idempotencyHorizonMs,
  MAX_OPS_PER_PUSH,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  type AnyOp,
  type Op,
  type OpResult,
  type PushResponse,
} from '@seri/shared';
import { validatePushRequest } from '@seri/shared/dto';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { httpError } from '../common/error-body';
import { OpRejection } from '../common/op-rejection';
import { PG_CHECK_VIOLATION, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode, pgErrorDetail } from '../common/pg-errors';
import { insertEntities, selectRows } from '../common/sql';
import { ConflictsService } from '../conflicts/conflicts.service';
import { UsersService } from '../users/users.service';
import type { AuthenticatedDevice } from '../devices/authenticated-device';
import { ChangeFeedService } from './change-feed.service';
import { OpDispatcher } from './op-dispatcher';
import { ProcessedOp } from './processed-op.entity';
import { RejectedOpsService } from './rejected-ops.service';
import { ServerClock } from './server-clock';
import { SaleApplier, type SaleToCreate } from '../sales/sale.applier';
import { Metrics } from '../telemetry/metrics';
import { outcomeOf } from '../telemetry/outcome';
import { RETENTION_OPTIONS, type RetentionOptions } from './retention-options';

const UPGRADE_REQUIRED = 426;
const MAX_DETAILS_IN_MESSAGE = 5;

/**
 * Who sends ops: a counter terminal (its device token), or the admin API through its shop's
 * "admin console" pseudo-device, with ops it built like a terminal does (see AdminOpsService).
 */
export interface SyncActor {
  kind: 'device';
  deviceId: string;
  shopId: string;
}

/** The status code of a push refused because an opId came back with another body (I2). */
export const OP_ID_REUSED_STATUS = HttpStatus.CONFLICT;

/**
 * `POST /api/sync/push`: applies a terminal's ops in order, each exactly once (I2).
 * A malformed batch is refused whole before anything is written; a well-formed op the
 * business refuses is recorded as rejected and the batch goes on (I7).
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger('Push');

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: OpDispatcher,
    private readonly feed: ChangeFeedService,
    private readonly users: UsersService,
    private readonly clock: ServerClock,
    private readonly rejections: RejectedOpsService,
    private readonly conflicts: ConflictsService,
    private readonly sales: SaleApplier,
    private readonly metrics: Metrics,
    @Inject(RETENTION_OPTIONS) private readonly retention: RetentionOptions,
  ) {}

  /** Timed in `seri_push_duration_seconds`; each op counted by result in `seri_push_ops_total` and the batch logged as one line. */
  async push(device: AuthenticatedDevice, body: unknown): Promise<PushResponse> {
    const timer = this.metrics.pushDuration.startTimer();
    try {
      const response = await this.validatedPush(device, body);
      timer({ outcome: 'ok' });
      this.record(device, response.results);
      return response;
    } catch (error) {
      timer({ outcome: outcomeOf(error) });
      throw error;
    }
  }

  private record(device: AuthenticatedDevice, results: readonly OpResult[]): void {
    let applied = 0;
    let duplicate = 0;
    const rejected: Record<string, number> = {};
    for (const result of results) {
      if (result.status === 'applied') applied += 1;
      else if (result.status === 'duplicate') duplicate += 1;
      else rejected[result.code] = (rejected[result.code] ?? 0) + 1;
    }
    if (applied > 0) this.metrics.pushOps.inc({ status: 'applied', code: '' }, applied);
    if (duplicate > 0) this.metrics.pushOps.inc({ status: 'duplicate', code: '' }, duplicate);
    for (const [code, count] of Object.entries(rejected)) this.metrics.pushOps.inc({ status: 'rejected', code }, count);
    const rejectedCount = results.length - applied - duplicate;
    this.logger.log(
      { event: 'push', deviceId: device.deviceId, shopId: device.shopId, ops: results.length, applied, duplicate, rejected },
      `push: ${results.length} ops, ${applied} applied, ${duplicate} duplicate, ${rejectedCount} rejected`,
    );
  }

  private async validatedPush(device: AuthenticatedDevice, body: unknown): Promise<PushResponse> {
    checkEnvelope(body);
    const validated = validatePushRequest(body);
    if (!validated.ok) {
      const shown = validated.errors.slice(0, MAX_DETAILS_IN_MESSAGE).join('; ');
      const more = validated.errors.length > MAX_DETAILS_IN_MESSAGE ? ` (and ${validated.errors.length - MAX_DETAILS_IN_MESSAGE} more)` : '';
      throw httpError(HttpStatus.BAD_REQUEST, `invalid push: ${shown}${more}`, validated.errors);
    }
    const results = await this.applyOps({ kind: 'device', deviceId: device.deviceId, shopId: device.shopId }, validated.value.ops);
    return { protocolVersion: PROTOCOL_VERSION, results, hlc: this.clock.tick(), serverTime: new Date().toISOString() };
  }

  /**
   * Applies validated ops in the order given (the order they were made: a product created
   * before the sale that sells it is applied first) and answers one result per op. Each op's
   * effect and its opId claim share a transaction (I2): a run of consecutive `sale/create`
   * (the bulk of what a till sends) shares one, written with a constant number of statements;
   * any other op has its own. A batch holding an opId already used for another body is
   * refused whole with 409 before anything is written (I2); should such a reuse slip in
   * concurrently, that op alone comes back `rejected` OP_ID_REUSED, still changing nothing.
   */
  async applyOps(actor: SyncActor, ops: readonly AnyOp[]): Promise<OpResult[]> {
    await this.refuseReusedOpIds(ops);
    const results: OpResult[] = [];
    for (const run of runs(ops)) {
      if (run.sales) results.push(...(await this.applySaleRun(actor, run.sales)));
      else results.push(await this.applyOp(actor, run.op));
    }
    return results;
  }

  private async refuseReusedOpIds(ops: readonly AnyOp[]): Promise<void> {
    if (ops.length === 0) return;
    const stored = await selectRows<{ op_id: string; shop_id: string; body_hash: string }>(
      this.dataSource.manager,
      'SELECT op_id, shop_id, body_hash FROM op_claims WHERE op_id = ANY($1::uuid[])',
      [ops.map((op) => op.opId)],
    );
    if (stored.length === 0) return;
    const byId = new Map(stored.map((row) => [row.op_id, row]));
    const reused = ops.filter((op) => {
      const row = byId.get(op.opId);
      return row !== undefined && (row.shop_id !== op.shopId || row.body_hash !== sha256Hex(canonicalJson(op)));
    });
    if (reused.length === 0) return;
    const details = reused.map((op) => `opId ${op.opId} was already used for a different op (OP_ID_REUSED)`);
    throw httpError(OP_ID_REUSED_STATUS, `opId reused with a different body: ${reused.map((op) => op.opId).join(', ')}; nothing was applied`, details);
  }

  /**
   * What is known of an op before its transaction: its author may send it (I9), its clock
   * admitted or clamped (I6), the hash a replay must match (I2). Null: the op belongs to
   * another shop or device, answered FORBIDDEN and not recorded (the opId may well be
   * another device's, and this device cannot own it).
   */
  private admit(actor: SyncActor, op: AnyOp): AdmittedOp | null {
    if (op.shopId !== actor.shopId || op.deviceId !== actor.deviceId) return null;
    const bodyHash = sha256Hex(canonicalJson(op));
    // The node breaks last-write-wins ties and names the writer in the conflict log: a device
    // only speaks for itself (I6, I9). Refused before the server's clock takes the stamp in.
    const node = decodeHlc(op.hlc).node;
    if (node !== actor.deviceId) {
      const rejection = new OpRejection('HLC_NODE_MISMATCH', `the op's clock node ${JSON.stringify(node)} is not the device that sent it (${actor.deviceId})`);
      return { op, hlc: op.hlc, clamped: false, bodyHash, deviceId: actor.deviceId, rejection };
    }
    const admitted = this.clock.admit(op.hlc, `device ${actor.deviceId}`);
    // Older than the idempotency horizon (I12): its processed_ops row may have been deleted,
    // so a claim succeeding proves nothing; such an op is rejected STALE_OP, never applied.
    const stale = decodeHlc(admitted.hlc).ms < idempotencyHorizonMs(Date.now(), this.retention.idempotencyHorizonDays);
    const rejection = stale ? staleRejection(op) : null;
    return { op, hlc: admitted.hlc, clamped: admitted.clamped, bodyHash, deviceId: actor.deviceId, rejection };
  }

  private async applyOp(actor: SyncActor, op: AnyOp): Promise<OpResult> {
    const admitted = this.admit(actor, op);
    if (!admitted) return forbidden(op);
    return this.dataSource.transaction(async (manager) => {
      await lockRecords(manager, actor, [op]);
      // A claim may live on a sale row (a reused opId) or in processed_ops (a replay).
      const stored = (await this.storedResults(manager, [admitted])).get(op.opId);
      if (stored) return stored;
      // Claim the opId first. A concurrent replay blocks here until the first commits, then finds the row.
      const claimed = await this.claim(manager, [admitted]);
      if (!claimed.has(op.opId)) return (await this.storedResults(manager, [admitted])).get(op.opId)!;
      await this.reportClamped(manager, [admitted]);
      return this.applyClaimed(manager, admitted);
    });
  }

  /**
   * Consecutive `sale/create` ops in one transaction. Each claims its opId on the sale row it
   * writes, or, rejected, in processed_ops with its rejection (I2): after the locks, which
   * serialise the device's transactions, an op already claimed anywhere is a replay. The
   * checks every sale must pass are
   * made for the whole run at once; a sale that fails one is rejected alone (I7). Should the
   * run's writes hit a constraint (a line or movement id already used, say), they are undone
   * and the run's ops are applied one by one in the same transaction, each with its own
   * outcome, exactly as single ops would be.
   */
  private async applySaleRun(actor: SyncActor, ops: readonly SaleCreateOp[]): Promise<OpResult[]> {
    const results = new Map<string, OpResult>();
    const admitted: AdmittedOp[] = [];
    for (const op of ops) {
      const entry = this.admit(actor, op);
      if (entry) admitted.push(entry);
      else results.set(op.opId, forbidden(op));
    }
    if (admitted.length > 0) {
      await this.dataSource.transaction(async (manager) => {
        await lockRecords(
          manager,
          actor,
          admitted.map(({ op }) => op),
        );
        const stored = await this.storedResults(manager, admitted);
        for (const result of stored.values()) results.set(result.opId, result);
        const fresh = admitted.filter(({ op }) => !stored.has(op.opId));
        if (fresh.length === 0) return;
        await this.reportClamped(manager, fresh);
        for (const [opId, result] of await this.applySalesTogether(manager, actor, fresh)) results.set(opId, result);
      });
    }
    return ops.map((op) => results.get(op.opId)!);
  }

  private async applySalesTogether(manager: EntityManager, actor: SyncActor, entries: readonly AdmittedOp[]): Promise<Map<string, OpResult>> {
    const results = new Map<string, OpResult>();
    const shopId = actor.shopId;
    await manager.query('SAVEPOINT sale_run');
    try {
      const authors = await this.users.findInShop(
        manager,
        shopId,
        entries.map(({ op }) => op.userId),
      );
      const known = new Set(authors.map((user) => user.id));
      const refused = new Map<string, OpRejection>();
      const toCreate: SaleToCreate[] = [];
      for (const entry of entries) {
        const { op, rejection } = entry;
        if (rejection) refused.set(op.opId, rejection);
        else if (known.has(op.userId)) toCreate.push(saleToCreate(entry));
        else refused.set(op.opId, authorRejection(op));
      }
      const outcome = await this.sales.createMany({ manager, shopId, deviceId: actor.deviceId }, toCreate);
      await this.feed.append(manager, shopId, outcome.changes, actor.deviceId);
      await manager.query('RELEASE SAVEPOINT sale_run');
      for (const [opId, rejection] of outcome.rejected) refused.set(opId, rejection);
      for (const entry of entries) {
        const rejection = refused.get(entry.op.opId);
        results.set(entry.op.opId, rejection ? await this.recordRejection(manager, entry, rejection) : { opId: entry.op.opId, status: 'applied' });
      }
      return results;
    } catch (error) {
      if (!asRejection(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT sale_run');
      for (const entry of entries) results.set(entry.op.opId, await this.applyClaimed(manager, entry));
      return results;
    }
  }

  /** Inserts the opIds' claims in processed_ops (any op but `sale/create`); answers the ones this transaction now owns (the others were there already). */
  private async claim(manager: EntityManager, entries: readonly AdmittedOp[]): Promise<Set<string>> {
    const rows = await insertEntities<ProcessedOp, { op_id: string }>(
      manager,
      ProcessedOp,
      entries.map(({ op, deviceId, bodyHash }) => ({
        opId: op.opId,
        shopId: op.shopId,
        deviceId,
        entity: op.entity,
        kind: op.kind,
        bodyHash,
        result: { opId: op.opId, status: 'applied' },
      })),
      'ON CONFLICT (op_id) DO NOTHING RETURNING op_id',
    );
    return new Set(rows.map((row) => row.op_id));
  }

  /** The skew is reported where managers look (I6), whatever becomes of the op. */
  private async reportClamped(manager: EntityManager, entries: readonly AdmittedOp[]): Promise<void> {
    await this.conflicts.record(
      manager,
      entries
        .filter((entry) => entry.clamped)
        .map(({ op, hlc }) => ({
          shopId: op.shopId,
          kind: 'CLOCK_CLAMPED' as const,
          entity: op.entity,
          entityId: op.entityId,
          field: 'hlc',
          losingValue: op.hlc,
          winningValue: hlc,
          losingHlc: op.hlc,
          winningHlc: hlc,
          opId: op.opId,
        })),
    );
  }

  /** Applies one claimed op inside the caller's transaction; a refusal undoes its effect and keeps the claim. */
  private async applyClaimed(manager: EntityManager, entry: AdmittedOp): Promise<OpResult> {
    const { op, hlc, deviceId } = entry;
    if (entry.rejection) return this.recordRejection(manager, entry, entry.rejection);
    await manager.query('SAVEPOINT op_effect');
    try {
      await this.checkAuthor(manager, op);
      const effect = await this.dispatcher.apply({ manager, opId: op.opId, bodyHash: entry.bodyHash, shopId: op.shopId, deviceId, userId: op.userId, hlc }, op);
      await this.feed.append(manager, op.shopId, effect.changes, deviceId);
      await manager.query('RELEASE SAVEPOINT op_effect');
      return { opId: op.opId, status: 'applied' } satisfies OpResult;
    } catch (error) {
      const rejection = asRejection(error);
      if (!rejection) throw error;
      // Undo the effect, keep the claim: a replay of this op gets the same rejection.
      await manager.query('ROLLBACK TO SAVEPOINT op_effect');
      return this.recordRejection(manager, entry, rejection);
    }
  }

  /** The rejection becomes the op's claim (a sale op has none yet) or its result (any other op, claimed first). */
  private async recordRejection(manager: EntityManager, { op, deviceId, bodyHash }: AdmittedOp, rejection: OpRejection): Promise<OpResult> {
    const result: OpResult = { opId: op.opId, status: 'rejected', code: rejection.code, reason: rejection.reason };
    await manager.query(
      `INSERT INTO processed_ops (op_id, shop_id, device_id, entity, kind, body_hash, result) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (op_id) DO UPDATE SET result = EXCLUDED.result`,
      [op.opId, op.shopId, deviceId, op.entity, op.kind, bodyHash, JSON.stringify(result)],
    );
    await this.rejections.record(manager, op, rejection.code, rejection.reason, deviceId);
    this.logger.log(`op ${op.opId} (${op.entity}/${op.kind}) rejected: ${rejection.code} ${rejection.reason}`);
    return result;
  }

  /**
   * What the ops already claimed (on a sale row or in processed_ops) get, by opId: their stored
   * result, read in one query for all of them; ops never claimed are absent.
   */
  private async storedResults(manager: EntityManager, entries: readonly AdmittedOp[]): Promise<Map<string, OpResult>> {
    const results = new Map<string, OpResult>();
    if (entries.length === 0) return results;
    const stored = await selectRows<{ op_id: string; shop_id: string; body_hash: string; result: OpResult }>(
      manager,
      'SELECT op_id, shop_id, body_hash, result FROM op_claims WHERE op_id = ANY($1::uuid[])',
      [entries.map(({ op }) => op.opId)],
    );
    const byId = new Map(stored.map((row) => [row.op_id, row]));
    for (const { op, bodyHash } of entries) {
      const row = byId.get(op.opId);
      if (!row) continue;
      if (row.shop_id !== op.shopId || row.body_hash !== bodyHash) {
        results.set(op.opId, { opId: op.opId, status: 'rejected', code: 'OP_ID_REUSED', reason: 'this opId was already used for a different op' });
      } else results.set(op.opId, row.result.status === 'rejected' ? row.result : { opId: op.opId, status: 'duplicate' });
    }
    return results;
  }

  /**
   * The op's author must be a user of the device's shop (I9). Being deactivated since is
   * no reason to refuse: the sale was made offline while the cashier could still log in.
   */
  private async checkAuthor(manager: EntityManager, op: AnyOp): Promise<void> {
    const [author] = await this.users.findInShop(manager, op.shopId, [op.userId]);
    if (!author) throw authorRejection(op);
  }
}

type SaleCreateOp = Op<'sale', 'create'>;

interface AdmittedOp {
  op: AnyOp;
  /** The op's stamp, clamped when its clock ran too far ahead (I6). */
  hlc: string;
  clamped: boolean;
  bodyHash: string;
  /** The pushing device (a terminal, or the admin console's pseudo-device). */
  deviceId: string;
  /** Known before the transaction (the clock node is not the device's, or the op is older than the
   * idempotency horizon, STALE_OP): claimed and recorded, nothing applied. */
  rejection: OpRejection | null;
}

/** Most ops a shared transaction takes; also bounds the advisory locks one transaction holds. */
const MAX_RUN_OPS = 500;
const MAX_RUN_LOCKS = 256;

function isSaleCreate(op: AnyOp): op is SaleCreateOp {
  return op.entity === 'sale' && op.kind === 'create';
}

function saleToCreate({ op, bodyHash }: AdmittedOp): SaleToCreate {
  return { opId: op.opId, bodyHash, payload: (op as SaleCreateOp).payload };
}

/** Consecutive new sales applied together, or any other op alone. */
type Run = { sales: SaleCreateOp[]; op?: never } | { op: AnyOp; sales?: never };

/** The ops cut in order into runs: consecutive `sale/create` together (bounded), any other op alone. */
function runs(ops: readonly AnyOp[]): Run[] {
  const cut: Run[] = [];
  let current: SaleCreateOp[] = [];
  let keys = new Set<string>();
  const close = (): void => {
    if (current.length > 0) cut.push({ sales: current });
    current = [];
    keys = new Set();
  };
  for (const op of ops) {
    if (!isSaleCreate(op)) {
      close();
      cut.push({ op });
      continue;
    }
    const opKeys = recordKeys(op);
    const added = opKeys.filter((key) => !keys.has(key)).length;
    if (current.length >= MAX_RUN_OPS || (current.length > 0 && keys.size + added > MAX_RUN_LOCKS)) close();
    current.push(op);
    for (const key of opKeys) keys.add(key);
  }
  close();
  return cut;
}

function forbidden(op: AnyOp): OpResult {
  return { opId: op.opId, status: 'rejected', code: 'FORBIDDEN', reason: 'the op belongs to another shop or device' };
}

/**
 * The op's author must be a user of the device's shop (I9). Being deactivated since is
 * no reason to refuse: the sale was made offline while the cashier could still log in.
 */
function authorRejection(op: AnyOp): OpRejection {
  return new OpRejection('FORBIDDEN', `user ${op.userId} is not a user of this shop`);
}

function staleRejection(op: AnyOp): OpRejection {
  return new OpRejection(
    'STALE_OP',
    `op made at ${new Date(decodeHlc(op.hlc).ms).toISOString()}, before the idempotency horizon: it may already have been applied, so it is kept for a manager instead`,
  );
}

/**
 * The records whose current state the op's feed rows carry (stock levels, the sale, the
 * product or expense). Ops touching one of them must commit in the order of their xid8,
 * or a pull would hand out the second writer's snapshot before the first's and a terminal
 * would end on the older one (I8).
 */
function recordKeys(op: AnyOp): string[] {
  const keys = new Set<string>();
  switch (op.entity) {
    case 'sale':
      // A new sale needs no lock of its own: nothing else can write it before it commits.
      if (op.kind !== 'create') keys.add(`sale:${op.entityId}`);
      if (op.kind === 'create') for (const line of op.payload.lines) keys.add(`stock:${line.productId}`);
      else if (op.kind === 'void') for (const movement of op.payload.movements) keys.add(`stock:${movement.productId}`);
      else for (const line of op.payload.lines) keys.add(`stock:${line.productId}`);
      break;
    case 'stock_movement':
      keys.add(`stock:${op.payload.productId}`);
      break;
    case 'product':
      keys.add(`product:${op.entityId}`);
      break;
    case 'expense':
      keys.add(`expense:${op.entityId}`);
      break;
    case 'cash_session':
      // Open, paid-in/out and close rewrite the session's feed row: they commit in order.
      keys.add(`cash_session:${op.entityId}`);
      break;
    case 'tax_rate':
      keys.add(`tax_rate:${op.entityId}`);
      break;
  }
  return [...keys].map((key) => `${op.shopId}/${key}`);
}

/**
 * Takes a transaction-scoped advisory lock per record before the transaction writes
 * anything, hence before PostgreSQL gives it an xid: of two ops on one record, the one
 * that waits gets its xid after the other's, so feed order (by xid8) is commit order for
 * that record. Locks are taken in hash order, so two ops never wait on each other.
 * One more lock, on the pushing device, serialises that device's transactions: an op's
 * claim lives on its sale row or in processed_ops, so two concurrent pushes reusing one
 * opId (a device's ops are its own) must see each other's commit to tell a replay (I2).
 */
async function lockRecords(manager: EntityManager, actor: SyncActor, ops: readonly AnyOp[]): Promise<void> {
  // One round trip: the sorted subquery feeds the lock calls in hash order.
  await manager.query(
    `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS keys`,
    [[`${actor.shopId}/device:${actor.deviceId}`, ...new Set(ops.flatMap(recordKeys))]],
  );
}

/** Version and size are answered before validation, with their own status codes. */
function checkEnvelope(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const { protocolVersion, ops } = body as { protocolVersion?: unknown; ops?: unknown };
  if (typeof protocolVersion === 'number' && Number.isInteger(protocolVersion)) {
    if (protocolVersion < MIN_PROTOCOL_VERSION) {
      throw httpError(
        UPGRADE_REQUIRED,
        `update required: protocol version ${protocolVersion} is no longer supported (minimum ${MIN_PROTOCOL_VERSION}); update the terminal, its queue is kept`,
      );
    }
    if (protocolVersion > PROTOCOL_VERSION) {
      throw httpError(HttpStatus.BAD_REQUEST, `protocolVersion ${protocolVersion} is newer than this server's (${PROTOCOL_VERSION})`);
    }
  }
  if (Array.isArray(ops) && ops.length > MAX_OPS_PER_PUSH) {
    throw httpError(HttpStatus.PAYLOAD_TOO_LARGE, `too many ops in one push: ${ops.length} (at most ${MAX_OPS_PER_PUSH})`);
  }
}

/** Business refusals and the constraint violations a client's op can cause; anything else is ours. */
function asRejection(error: unknown): OpRejection | null {
  if (error instanceof OpRejection) return error;
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION) return new OpRejection('CONFLICT', `already exists: ${pgErrorDetail(error)}`);
  if (code === PG_FOREIGN_KEY_VIOLATION) return new OpRejection('NOT_FOUND', `refers to a record that does not exist: ${pgErrorDetail(error)}`);
  if (code === PG_CHECK_VIOLATION) return new OpRejection('VALIDATION', `breaks a rule of the data: ${pgErrorDetail(error)}`);
  return null;
}
