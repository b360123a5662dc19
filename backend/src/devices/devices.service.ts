import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type EnrollResponse } from '@seri/shared';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { updateReturning } from '../common/sql';
import { ShopsService } from '../shops/shops.service';
import type { AuthenticatedDevice } from './authenticated-device';
import { Device, terminalCode } from './device.entity';
import type { EnrollDeviceDto } from './dto/enroll-device.dto';
import { EnrollmentCode } from './enrollment-code.entity';

/** Seen-at is refreshed at most this often, so a busy terminal does not write on every request. */
const LAST_SEEN_RESOLUTION_SECONDS = 30;

/** Letters and digits nobody confuses when reading a code off a screen (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_GROUPS = 3;
const CODE_GROUP_LENGTH = 4;

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function normalizeEnrollmentCode(code: string): string {
  return code.trim().toUpperCase();
}

/** `7KQ4-M2XD-9PHT`: about 60 bits, single-use and short-lived, typed by IT on a new terminal. */
export function generateEnrollmentCode(): string {
  const groups: string[] = [];
  for (let group = 0; group < CODE_GROUPS; group += 1) {
    let text = '';
    for (let index = 0; index < CODE_GROUP_LENGTH; index += 1) text += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!;
    groups.push(text);
  }
  return groups.join('-');
}

export interface FleetStatus {
  seenLastHour: number;
  shops: { shopId: string; lastSeenAgeSeconds: number }[];
  terminals: { shopId: string; deviceId: string; oldestPendingSeconds: number }[];
}

export interface DeviceReport {
  cursor?: string;
  pending: number;
  rejected?: number;
  oldestPendingMs?: number;
  appVersion?: string;
}

@Injectable()
export class DevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: ShopsService,
  ) {}

  /**
   * Joins a terminal to the code's shop. The token is returned once and stored only as
   * its sha256; the terminal keeps it in main's safeStorage.
   */
  async enroll(request: EnrollDeviceDto): Promise<EnrollResponse> {
    const code = normalizeEnrollmentCode(request.code);
    return this.dataSource.transaction(async (manager) => {
      const claimed = await updateReturning<{ shop_id: string }>(
        manager,
        `UPDATE enrollment_codes SET uses_left = uses_left - 1
          WHERE code = $1 AND (expires_at IS NULL OR expires_at > now()) AND (uses_left IS NULL OR uses_left > 0)
          RETURNING shop_id`,
        [code],
      );
      const shopId = claimed[0]?.shop_id;
      if (!shopId) throw await this.whyRefused(manager, code);

      // Terminal numbers are per shop and gapless enough for receipts: number under the shop's lock.
      await this.shops.lock(manager, shopId);
      const [next] = await manager.query<{ next: number }[]>(
        'SELECT COALESCE(MAX(terminal_number), 0) + 1 AS next FROM devices WHERE shop_id = $1',
        [shopId],
      );
      const terminalNumber = Number(next?.next ?? 1);
      const token = randomBytes(32).toString('base64url');
      const device = manager.create(Device, {
        id: uuidv7(),
        shopId,
        name: request.name.trim() || request.name,
        terminalNumber,
        kind: 'TERMINAL',
        tokenHash: hashDeviceToken(token),
        revokedAt: null,
        lastSeenAt: null,
      });
      await manager.insert(Device, device);
      const shop = await this.shops.findRecord(manager, shopId);
      if (!shop) throw new NotFoundException('the enrollment code points to a shop that no longer exists');
      return { deviceId: device.id, deviceToken: token, terminalCode: terminalCode(terminalNumber), shop };
    });
  }

  /** Resolves a bearer token to its terminal; null when unknown or revoked. */
  async authenticate(token: string): Promise<AuthenticatedDevice | null> {
    const device = await this.dataSource.manager.findOne(Device, {
      select: { id: true, shopId: true, revokedAt: true, kind: true },
      where: { tokenHash: hashDeviceToken(token) },
    });
    if (!device || device.revokedAt !== null || device.kind !== 'TERMINAL') return null;
    await this.dataSource.query(
      `UPDATE devices SET last_seen_at = now()
        WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $2))`,
      [device.id, LAST_SEEN_RESOLUTION_SECONDS],
    );
    return { deviceId: device.id, shopId: device.shopId };
  }

  async revoke(deviceId: string, revokedBy: string | null = null): Promise<void> {
    await this.dataSource.manager.update(Device, { id: deviceId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy });
  }

  /**
   * The shop's admin-console pseudo-device, made on first use: admin writes are ops from it,
   * so they take the same pipeline, idempotency records and feed as a terminal's (I2–I6).
   * Its token is random and never shown, and `authenticate` refuses its kind anyway.
   */
  async ensureConsoleDevice(shopId: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO devices (id, shop_id, name, terminal_number, kind, token_hash)
       VALUES ($1, $2, 'Console d’administration', 0, 'ADMIN_CONSOLE', $3)
       ON CONFLICT (shop_id) WHERE kind = 'ADMIN_CONSOLE' DO NOTHING`,
      [uuidv7(), shopId, hashDeviceToken(randomBytes(32).toString('base64url'))],
    );
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM devices WHERE shop_id = $1 AND kind = 'ADMIN_CONSOLE'`, [shopId]);
    if (!row) throw new Error(`no admin console device for shop ${shopId}`);
    return row.id;
  }

  async listTerminals(shopId: string): Promise<Device[]> {
    return this.dataSource.manager.find(Device, { where: { shopId, kind: 'TERMINAL' }, order: { terminalNumber: 'ASC' } });
  }

  async findTerminal(shopId: string, deviceId: string): Promise<Device | null> {
    return this.dataSource.manager.findOneBy(Device, { id: deviceId, shopId, kind: 'TERMINAL' });
  }

  /**
   * What the metrics show of the terminals (read at scrape time): how many were seen in the
   * last hour, per shop how long since any of its terminals was last seen, and per terminal
   * the age of its oldest pending op as it last reported it, aged by the time since that report
   * (a terminal gone quiet with ops pending keeps falling behind).
   */
  async fleetStatus(): Promise<FleetStatus> {
    const [seen] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM devices WHERE kind = 'TERMINAL' AND revoked_at IS NULL AND last_seen_at > now() - interval '1 hour'`,
    );
    const shops = await this.dataSource.query<{ shop_id: string; age_s: number }[]>(
      `SELECT shop_id, extract(epoch FROM now() - max(last_seen_at))::float8 AS age_s
         FROM devices WHERE kind = 'TERMINAL' AND revoked_at IS NULL AND last_seen_at IS NOT NULL GROUP BY shop_id`,
    );
    const pending = await this.dataSource.query<{ shop_id: string; device_id: string; oldest_s: number }[]>(
      `SELECT shop_id, id AS device_id,
              CASE WHEN reported_pending > 0
                   THEN coalesce(reported_oldest_pending_ms, 0) / 1000.0 + extract(epoch FROM now() - reported_at)
                   ELSE 0 END::float8 AS oldest_s
         FROM devices WHERE kind = 'TERMINAL' AND revoked_at IS NULL AND reported_at IS NOT NULL`,
    );
    return {
      seenLastHour: seen?.count ?? 0,
      shops: shops.map((row) => ({ shopId: row.shop_id, lastSeenAgeSeconds: row.age_s })),
      terminals: pending.map((row) => ({ shopId: row.shop_id, deviceId: row.device_id, oldestPendingSeconds: row.oldest_s })),
    };
  }

  /** What a terminal says about its queue and cursor; the admin API shows it beside last seen. */
  async saveReport(device: AuthenticatedDevice, report: DeviceReport): Promise<void> {
    await this.dataSource.manager.update(
      Device,
      { id: device.deviceId, shopId: device.shopId },
      {
        reportedAt: new Date(),
        reportedCursor: report.cursor ?? null,
        reportedPending: report.pending,
        reportedRejected: report.rejected ?? null,
        reportedOldestPendingMs: report.oldestPendingMs ?? null,
        appVersion: report.appVersion ?? null,
      },
    );
  }

  async createEnrollmentCode(
    manager: EntityManager,
    code: { code: string; shopId: string; usesLeft: number | null; expiresAt: Date | null; createdBy?: string | null },
  ): Promise<EnrollmentCode> {
    return manager.save(manager.create(EnrollmentCode, { ...code, createdBy: code.createdBy ?? null, code: normalizeEnrollmentCode(code.code) }));
  }

  /** A fresh single-use code that expires; retried on the (astronomically unlikely) clash. */
  async issueEnrollmentCode(shopId: string, createdBy: string, expiresAt: Date): Promise<EnrollmentCode> {
    for (let attempt = 0; ; attempt += 1) {
      const code = generateEnrollmentCode();
      const inserted = await this.dataSource.query<{ code: string }[]>(
        `INSERT INTO enrollment_codes (code, shop_id, expires_at, uses_left, created_by) VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        [code, shopId, expiresAt, createdBy],
      );
      if (inserted.length > 0) return this.dataSource.manager.findOneByOrFail(EnrollmentCode, { code });
      if (attempt >= 5) throw new Error('could not make a unique enrollment code');
    }
  }

  /** Codes that can still enroll a terminal. */
  async listUsableEnrollmentCodes(shopId: string): Promise<EnrollmentCode[]> {
    return this.dataSource.manager
      .createQueryBuilder(EnrollmentCode, 'c')
      .where('c.shop_id = :shopId', { shopId })
      .andWhere('(c.expires_at IS NULL OR c.expires_at > now())')
      .andWhere('(c.uses_left IS NULL OR c.uses_left > 0)')
      .orderBy('c.created_at', 'DESC')
      .getMany();
  }

  /** Withdraws a code; false when the shop has no such usable code. */
  async withdrawEnrollmentCode(shopId: string, code: string): Promise<boolean> {
    const rows = await updateReturning<{ code: string }>(
      this.dataSource.manager,
      `UPDATE enrollment_codes SET uses_left = 0
        WHERE code = $1 AND shop_id = $2 AND (uses_left IS NULL OR uses_left > 0) RETURNING code`,
      [normalizeEnrollmentCode(code), shopId],
    );
    return rows.length > 0;
  }

  async findEnrollmentCode(manager: EntityManager, code: string): Promise<EnrollmentCode | null> {
    return manager.findOneBy(EnrollmentCode, { code: normalizeEnrollmentCode(code) });
  }

  private async whyRefused(manager: EntityManager, code: string): Promise<Error> {
    const existing = await manager.findOneBy(EnrollmentCode, { code });
    if (!existing) return new NotFoundException(`enrollment code ${code} not found`);
    if (existing.expiresAt !== null && existing.expiresAt.getTime() <= Date.now()) {
      return new BadRequestException(`enrollment code ${code} has expired`);
    }
    return new BadRequestException(`enrollment code ${code} has already been used`);
  }
}
