import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import type { Page } from '../common/page';
import { AdminReviewService } from './admin-review.service';
import {
  ConflictDto,
  ConflictPageDto,
  ConflictQueryDto,
  RejectedOpDto,
  RejectedOpPageDto,
  RejectedOpQueryDto,
  ResolveConflictDto,
  ResolveRejectedOpDto,
} from './dto/review.dto';
import { NumericIdPipe } from './numeric-id.pipe';

@ApiTags('admin: review')
@ApiBearerAuth()
@Controller('admin/shops/:shopId')
export class AdminReviewController {
  constructor(private readonly review: AdminReviewService) {}

  @Get('conflicts')
  @AdminDoc({ summary: 'The conflict log: values that lost under last-write-wins, clamped clocks (I6)', response: ConflictPageDto })
  conflicts(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ConflictQueryDto): Promise<Page<ConflictDto>> {
    return this.review.listConflicts(shopId, query);
  }

  @Post('conflicts/:conflictId/resolve')
  @Audit('conflict.resolve')
  @AdminDoc({ summary: 'Resolve a conflict: keep the current value, or restore the losing one', response: ConflictDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  resolveConflict(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('conflictId', NumericIdPipe) conflictId: string,
    @Body() body: ResolveConflictDto,
  ): Promise<ConflictDto> {
    return this.review.resolveConflict(actor, shopId, conflictId, body);
  }

  @Get('rejected-ops')
  @AdminDoc({ summary: 'Ops the server refused, kept whole with the reason (I7)', response: RejectedOpPageDto })
  rejectedOps(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: RejectedOpQueryDto): Promise<Page<RejectedOpDto>> {
    return this.review.listRejectedOps(shopId, query);
  }

  @Post('rejected-ops/:opId/resolve')
  @Audit('rejected-op.resolve')
  @AdminDoc({ summary: 'Resolve a rejected op (dismissed, or fixed another way)', response: RejectedOpDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  resolveRejectedOp(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('opId', ParseUUIDPipe) opId: string,
    @Body() body: ResolveRejectedOpDto,
  ): Promise<RejectedOpDto> {
    return this.review.resolveRejectedOp(actor, shopId, opId, body);
  }
}
