import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { parseCursor } from '../sync/cursor';
import { terminalCode, type Device } from './device.entity';
import { DevicesService } from './devices.service';
import { DEFAULT_CODE_LIFETIME_MINUTES, type CreateEnrollmentCodeDto, type EnrollmentCodeDto, type TerminalDto } from './dto/admin-device.dto';
import type { EnrollmentCode } from './enrollment-code.entity';

/** Lag is counted up to here: past it a terminal is simply "very far behind". */
const MAX_COUNTED_LAG = 100_000;

function toCodeDto(code: EnrollmentCode): EnrollmentCodeDto {
  return {
    code: code.code,
    expiresAt: code.expiresAt?.toISOString() ?? null,
    usesLeft: code.usesLeft,
    createdBy: code.createdBy,
    createdAt: code.createdAt.toISOString(),
  };
}

/** The shop's terminals and enrollment codes, for managers and IT. */
@Injectable()
export class AdminDevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesService,
  ) {}

  async list(shopId: string): Promise<TerminalDto[]> {
    const terminals = await this.devices.listTerminals(shopId);
    return Promise.all(terminals.map((device) => this.toDto(device)));
  }

  async get(shopId: string, deviceId: string): Promise<TerminalDto> {
    const device = await this.devices.findTerminal(shopId, deviceId);
    if (!device) throw new NotFoundException(`terminal ${deviceId} not found in this shop`);
    return this.toDto(device);
  }

  /** A revoked terminal gets 401 on push and pull from its next request; its queue stays on the machine. */
  async revoke(actor: AuthenticatedUser, shopId: string, deviceId: string): Promise<TerminalDto> {
    const device = await this.devices.findTerminal(shopId, deviceId);
    if (!device) throw new NotFoundException(`terminal ${deviceId} not found in this shop`);
    if (device.revokedAt !== null) throw new ConflictException(`terminal ${terminalCode(device.terminalNumber)} is already revoked`);
    await this.devices.revoke(device.id, actor.userId);
    return this.get(shopId, deviceId);
  }

  async listCodes(shopId: string): Promise<EnrollmentCodeDto[]> {
    return (await this.devices.listUsableEnrollmentCodes(shopId)).map(toCodeDto);
  }

  async createCode(actor: AuthenticatedUser, shopId: string, body: CreateEnrollmentCodeDto): Promise<EnrollmentCodeDto> {
    const minutes = body.expiresInMinutes ?? DEFAULT_CODE_LIFETIME_MINUTES;
    return toCodeDto(await this.devices.issueEnrollmentCode(shopId, actor.userId, new Date(Date.now() + minutes * 60_000)));
  }

  async withdrawCode(shopId: string, code: string): Promise<void> {
    if (!(await this.devices.withdrawEnrollmentCode(shopId, code))) throw new NotFoundException(`no usable enrollment code ${code} in this shop`);
  }

  private async toDto(device: Device): Promise<TerminalDto> {
    return {
      id: device.id,
      shopId: device.shopId,
      name: device.name,
      terminalCode: terminalCode(device.terminalNumber),
      enrolledAt: device.createdAt.toISOString(),
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
      revokedAt: device.revokedAt?.toISOString() ?? null,
      revokedBy: device.revokedBy,
      report:
        device.reportedAt === null
          ? null
          : {
              reportedAt: device.reportedAt.toISOString(),
              cursor: device.reportedCursor,
              cursorLag: await this.cursorLag(device.shopId, device.reportedCursor),
              pending: device.reportedPending ?? 0,
              rejected: device.reportedRejected,
              oldestPendingMs: device.reportedOldestPendingMs,
              appVersion: device.appVersion,
            },
    };
  }

  /** Feed rows of the shop after the terminal's reported cursor: what its next pulls will bring. */
  private async cursorLag(shopId: string, cursor: string | null): Promise<number | null> {
    const position = cursor === null ? null : parseCursor(cursor);
    if (!position) return null;
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM changes WHERE shop_id = $1 AND (txid, seq) > ($2::xid8, $3::bigint) LIMIT $4
       ) AS behind`,
      [shopId, position.txid, position.seq, MAX_COUNTED_LAG],
    );
    return row?.n ?? 0;
  }
}
