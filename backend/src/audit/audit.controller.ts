import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import type { Page } from '../admin/common/page';
import { AuditLogService } from './audit-log.service';
import { AuditEntryDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('admin: audit')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @AdminDoc({ summary: 'The audit log of manager actions and security events, newest first', response: AuditPageDto })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.auditLog.list(shopId, query);
  }
}
