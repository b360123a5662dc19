import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type EnrollResponse } from '@seri/shared';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../common/sql';
import { ShopsService } from '../shops/shops.service';
import type { AuthenticatedDevice } from './authenticated-device';
import { Device, terminalCode } from './device.entity';
import type { EnrollDeviceDto } from './dto/enroll-device.dto';
import { EnrollmentCode } from './enrollment-code.entity';

/** Seen-at is refreshed at most this often, so a busy terminal does not write on every request. */
const LAST_SEEN_RESOLUTION_SECONDS = 30;

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function normalizeEnrollmentCode(code: string): string {
  return code.trim().toUpperCase();
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

  /** Resolves a bearer token to its device; null when unknown or revoked. */
  async authenticate(token: string): Promise<AuthenticatedDevice | null> {
    const device = await this.dataSource.manager.findOne(Device, {
      select: { id: true, shopId: true, revokedAt: true },
      where: { tokenHash: hashDeviceToken(token) },
    });
    if (!device || device.revokedAt !== null) return null;
    await this.dataSource.query(
      `UPDATE devices SET last_seen_at = now()
        WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $2))`,
      [device.id, LAST_SEEN_RESOLUTION_SECONDS],
    );
    return { deviceId: device.id, shopId: device.shopId };
  }

  async revoke(deviceId: string): Promise<void> {
    await this.dataSource.manager.update(Device, { id: deviceId }, { revokedAt: new Date() });
  }

  async createEnrollmentCode(
    manager: EntityManager,
    code: { code: string; shopId: string; usesLeft: number | null; expiresAt: Date | null },
  ): Promise<EnrollmentCode> {
    return manager.save(manager.create(EnrollmentCode, { ...code, code: normalizeEnrollmentCode(code.code) }));
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
