import { HttpStatus, Injectable, type HttpException } from '@nestjs/common';
import { decodeHlc, encodeHlc, MAX_OPS_PER_PUSH, uuidv7, type AnyOp, type OpPayloads, type OpResult, type RejectionCode } from '@seri/shared';
import { validateOp } from '@seri/shared/dto';
import { httpError } from '../common/error-body';
import { DevicesService } from '../devices/devices.service';
import { PushService, type SyncActor } from '../sync/push.service';
import { ServerClock } from '../sync/server-clock';

/** Who an admin write is made by, and in which shop. */
export interface AdminActor {
  userId: string;
  shopId: string;
}

/** One op to make, before the envelope (ids, stamp, device) is added. */
export type AdminOpSpec = {
  [E in keyof OpPayloads]: { [K in keyof OpPayloads[E]]: { entity: E; kind: K; entityId: string; payload: OpPayloads[E][K] } }[keyof OpPayloads[E]];
}[keyof OpPayloads];

const STATUS_BY_CODE: Readonly<Record<RejectionCode, number>> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  OP_ID_REUSED: HttpStatus.CONFLICT,
  UNSUPPORTED: HttpStatus.BAD_REQUEST,
  BUSINESS_RULE: HttpStatus.CONFLICT,
  HLC_NODE_MISMATCH: HttpStatus.BAD_REQUEST,
  STALE_OP: HttpStatus.CONFLICT,
};

/**
 * Admin writes go through the same op pipeline as a terminal's: each becomes an op (UUIDv7
 * opId, a server-side HLC stamp, userId = the manager, deviceId = the shop's admin-console
 * pseudo-device) applied by the sync module's `PushService.applyOps`, so it is recorded
 * once (I2), reaches every terminal by pull (I3), and obeys the stock ledger (I4), sale
 * immutability (I5) and last-write-wins with the conflict log (I6).
 *
 * The console pseudo-device (rather than the user-actor form of applyOps) gives the stock
 * movements and voids an admin makes a real `devices` row to point at.
 */
@Injectable()
export class AdminOpsService {
  constructor(
    private readonly pushes: PushService,
    private readonly devices: DevicesService,
    private readonly clock: ServerClock,
  ) {}

  /**
   * Applies the ops in order, each in its own transaction as a terminal's push would; stops
   * at the first rejection and answers it as an HTTP error (404, 409…). Admin routes check
   * what they can first, so a rejection here means a race with a terminal.
   */
  async apply(actor: AdminActor, specs: readonly AdminOpSpec[]): Promise<AnyOp[]> {
    const sender = await this.sender(actor);
    const ops: AnyOp[] = [];
    for (const spec of specs) {
      const op = this.build(actor, sender, spec);
      const [result] = await this.pushes.applyOps(sender, [op]);
      if (!result) throw new Error(`the op pipeline returned no result for op ${op.opId}`);
      if (result.status === 'rejected') throw rejectionError(result);
      ops.push(op);
    }
    return ops;
  }

  /**
   * Applies many ops (a CSV import) in batches of MAX_OPS_PER_PUSH, each op still in its own
   * transaction; returns, per op, the error it was refused with (null when applied).
   */
  async applyEach(actor: AdminActor, specs: readonly AdminOpSpec[]): Promise<(HttpException | null)[]> {
    if (specs.length === 0) return [];
    const sender = await this.sender(actor);
    const outcomes: (HttpException | null)[] = [];
    for (let start = 0; start < specs.length; start += MAX_OPS_PER_PUSH) {
      const ops = specs.slice(start, start + MAX_OPS_PER_PUSH).map((spec) => this.build(actor, sender, spec));
      const results = await this.pushes.applyOps(sender, ops);
      ops.forEach((op, index) => {
        const result = results[index];
        if (result?.opId !== op.opId) throw new Error(`the op pipeline returned no result for op ${op.opId}`);
        outcomes.push(result.status === 'rejected' ? rejectionError(result) : null);
      });
    }
    return outcomes;
  }

  private async sender(actor: AdminActor): Promise<Extract<SyncActor, { kind: 'device' }>> {
    return { kind: 'device', deviceId: await this.devices.ensureConsoleDevice(actor.shopId), shopId: actor.shopId };
  }

  /** The envelope a terminal would make, checked with the same validator as a push (400 if our own op is wrong). */
  private build(actor: AdminActor, sender: { deviceId: string }, spec: AdminOpSpec): AnyOp {
    const plain = { opId: uuidv7(), deviceId: sender.deviceId, userId: actor.userId, shopId: actor.shopId, hlc: this.stamp(sender.deviceId), ...spec };
    const checked = validateOp(plain);
    if (!checked.ok) throw httpError(HttpStatus.BAD_REQUEST, checked.errors.join('; '), checked.errors);
    return checked.value;
  }

  /**
   * A stamp from the server's clock (ahead of every stamp it has admitted), tagged with the
   * console's pseudo-device as its node: an op's node is always the device that sent it
   * (the push refuses any other), so the conflict log names the console as the writer; the
   * manager is the op's userId.
   */
  private stamp(consoleDeviceId: string): string {
    const tick = decodeHlc(this.clock.tick());
    return encodeHlc({ ms: tick.ms, counter: tick.counter, node: consoleDeviceId });
  }
}

function rejectionError(result: Extract<OpResult, { status: 'rejected' }>): HttpException {
  return httpError(STATUS_BY_CODE[result.code], result.reason, [`${result.code}: ${result.reason}`]);
}
