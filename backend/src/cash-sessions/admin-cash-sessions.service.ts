import { Injectable, NotFoundException } from '@nestjs/common';
import { figureDifferences } from '@seri/shared';
import { DataSource } from 'typeorm';
import { CURSOR_KEY, decodeCursor, pageSize, toPage, type Page } from '../admin/common/page';
import { SqlParams } from '../admin/common/sql-builder';
import { terminalCode } from '../devices/device.entity';
import { CashMovement } from './cash-movement.entity';
import { CashSession } from './cash-session.entity';
import { toCashSessionRecord } from './cash-session.mapper';
import type { CashSessionDetailDto, CashSessionListQueryDto, CashSessionSummaryDto } from './dto/admin-cash-session.dto';
import { SessionFiguresService } from './session-figures.service';

interface SessionRow {
  id: string;
  terminal_number: number;
  opened_by_name: string;
  opened_us: string;
}

/** Cash sessions for managers: what each terminal's Z report says, and what the server's own rows say (I11). */
@Injectable()
export class AdminCashSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: SessionFiguresService,
  ) {}

  async list(shopId: string, query: CashSessionListQueryDto): Promise<Page<CashSessionSummaryDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.integer, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`c.shop_id = ${params.add(shopId)}`];
    if (query.status !== undefined) where.push(`c.status = ${params.add(query.status)}`);
    if (query.deviceId !== undefined) where.push(`c.device_id = ${params.add(query.deviceId)}`);
    const openedUs = '(extract(epoch FROM c.opened_at) * 1000000)::bigint';
    if (after) where.push(`(${openedUs}, c.id) < (${params.add(after[0])}::bigint, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<SessionRow[]>(
      `SELECT c.id, d.terminal_number, u.name AS opened_by_name, ${openedUs}::text AS opened_us
         FROM cash_sessions c JOIN devices d ON d.id = c.device_id JOIN users u ON u.id = c.opened_by
        WHERE ${where.join(' AND ')} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    const details = await Promise.all(rows.slice(0, size).map((row) => this.detail(shopId, row)));
    const byId = new Map(details.map((detail) => [detail.id, detail]));
    return toPage(
      rows,
      size,
      (row) => {
        const { closedBy: _closedBy, movements: _movements, z: _z, serverFigures: _server, differences: _differences, ...summary } = byId.get(row.id)!;
        return summary;
      },
      (row) => [row.opened_us, row.id],
    );
  }

  async get(shopId: string, sessionId: string): Promise<CashSessionDetailDto> {
    const [row] = await this.dataSource.query<SessionRow[]>(
      `SELECT c.id, d.terminal_number, u.name AS opened_by_name, '0' AS opened_us
         FROM cash_sessions c JOIN devices d ON d.id = c.device_id JOIN users u ON u.id = c.opened_by
        WHERE c.shop_id = $1 AND c.id = $2`,
      [shopId, sessionId],
    );
    if (!row) throw new NotFoundException(`cash session ${sessionId} not found in this shop`);
    return this.detail(shopId, row);
  }

  private async detail(shopId: string, row: SessionRow): Promise<CashSessionDetailDto> {
    const manager = this.dataSource.manager;
    const session = await manager.findOneByOrFail(CashSession, { id: row.id, shopId });
    const movements = await manager.find(CashMovement, { where: { sessionId: session.id } });
    const record = toCashSessionRecord(session, movements);
    const serverFigures = await this.figures.recompute(manager, session);
    const differences = record.z ? figureDifferences(record.z, serverFigures) : [];
    return {
      id: record.id,
      deviceId: record.deviceId,
      terminalCode: terminalCode(row.terminal_number),
      status: record.status,
      openedBy: record.openedBy,
      openedByName: row.opened_by_name,
      openedAt: record.openedAt,
      closedAt: record.closedAt,
      closedBy: record.closedBy,
      openingFloat: record.openingFloat,
      zNumber: record.z?.number ?? null,
      counted: record.counted,
      expectedCash: serverFigures.expectedCash,
      variance: record.z?.variance ?? null,
      differs: differences.length > 0,
      movements: record.movements.map(({ sessionId: _sessionId, ...movement }) => movement),
      z: record.z,
      serverFigures,
      differences,
    };
  }
}
