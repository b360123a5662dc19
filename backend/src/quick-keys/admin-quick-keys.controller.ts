import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import { Audit } from '../audit/audit.decorator';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AdminQuickKeysService } from './admin-quick-keys.service';
import { PutQuickKeysDto, QuickKeyLayoutDto } from './dto/quick-keys.dto';

@ApiTags('admin: quick keys')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/quick-keys')
export class AdminQuickKeysController {
  constructor(private readonly quickKeys: AdminQuickKeysService) {}

  @Get()
  @AdminDoc({ summary: 'The checkout’s quick-key layout (pages of product tiles); empty pages when never arranged', response: QuickKeyLayoutDto })
  get(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<QuickKeyLayoutDto> {
    return this.quickKeys.get(shopId);
  }

  @Put()
  @Audit('quick-keys.update')
  @AdminDoc({
    summary: 'Replace the quick-key layout (whole, last write wins, I6); every product must be one of the shop’s',
    response: QuickKeyLayoutDto,
    errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT],
  })
  put(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: PutQuickKeysDto): Promise<QuickKeyLayoutDto> {
    return this.quickKeys.put(actor, shopId, body);
  }
}
