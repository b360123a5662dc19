import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import type { Page } from '../admin/common/page';
import { AdminCashSessionsService } from './admin-cash-sessions.service';
import { CashSessionDetailDto, CashSessionListQueryDto, CashSessionPageDto, type CashSessionSummaryDto } from './dto/admin-cash-session.dto';

@ApiTags('admin: cash sessions')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/cash-sessions')
export class AdminCashSessionsController {
  constructor(private readonly sessions: AdminCashSessionsService) {}

  @Get()
  @AdminDoc({ summary: 'List cash sessions, newest first, with their variances and whether the Z report matches the server', response: CashSessionPageDto })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: CashSessionListQueryDto): Promise<Page<CashSessionSummaryDto>> {
    return this.sessions.list(shopId, query);
  }

  @Get(':sessionId')
  @AdminDoc({ summary: 'One cash session: movements, the Z report as printed, and the server’s own figures', response: CashSessionDetailDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('sessionId', ParseUUIDPipe) sessionId: string): Promise<CashSessionDetailDto> {
    return this.sessions.get(shopId, sessionId);
  }
}
