import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CURSOR_KEY, decodeCursor, pageSize, toPage, type Page } from '../admin/common/page';
import { User } from '../users/user.entity';
import type { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import type { AuditEntryDto, AuditQueryDto } from './dto/audit.dto';

/** Reading the audit log from the admin API, one shop at a time (I9). */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(shopId: string, query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.uuid]);
    const entries = await this.audit.list({
      shopId,
      limit: size + 1,
      ...(after ? { beforeId: after[0]! } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.action ? { actionPrefix: query.action } : {}),
      ...(query.from ? { from: instant(query.from, 'from') } : {}),
      ...(query.to ? { to: instant(query.to, 'to') } : {}),
    });
    const userIds = [...new Set(entries.flatMap((entry) => (entry.userId ? [entry.userId] : [])))];
    const users = userIds.length === 0 ? [] : await this.dataSource.manager.find(User, { select: { id: true, name: true }, where: { id: In(userIds) } });
    const names = new Map(users.map((user) => [user.id, user.name]));
    return toPage(entries, size, (entry) => toAuditDto(entry, names), (entry) => [entry.id]);
  }
}

function toAuditDto(entry: AuditEntry, names: ReadonlyMap<string, string>): AuditEntryDto {
  return {
    id: entry.id,
    userId: entry.userId,
    userName: entry.userId ? (names.get(entry.userId) ?? null) : null,
    action: entry.action,
    method: entry.method,
    path: entry.path,
    targetId: entry.targetId,
    statusCode: entry.statusCode,
    details: entry.details,
    ip: entry.ip,
    createdAt: entry.createdAt.toISOString(),
  };
}

function instant(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date-time`);
  return date;
}
