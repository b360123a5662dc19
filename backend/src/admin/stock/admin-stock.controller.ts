import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import type { Page } from '../common/page';
import { StockAlertDto, StockAlertPageDto, StockAlertQueryDto } from '../review/dto/review.dto';
import { AdminStockService } from './admin-stock.service';
import {
  AdjustmentResultDto,
  CreateAdjustmentDto,
  StockLevelDto,
  StockLevelPageDto,
  StockLevelQueryDto,
  StockMovementDto,
  StockMovementPageDto,
  StockMovementQueryDto,
} from './dto/stock.dto';

@ApiTags('admin: stock')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/stock')
export class AdminStockController {
  constructor(private readonly stock: AdminStockService) {}

  @Get()
  @AdminDoc({ summary: 'Stock levels of products on sale, by name, paginated', response: StockLevelPageDto })
  levels(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: StockLevelQueryDto): Promise<Page<StockLevelDto>> {
    return this.stock.levels(shopId, query);
  }

  @Get('low')
  @AdminDoc({ summary: 'Products at or below their low-stock threshold (the reorder list)', response: [StockLevelDto] })
  low(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<StockLevelDto[]> {
    return this.stock.low(shopId);
  }

  @Get('movements')
  @AdminDoc({ summary: 'The stock ledger: movements, newest first, paginated', response: StockMovementPageDto })
  movements(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: StockMovementQueryDto): Promise<Page<StockMovementDto>> {
    return this.stock.movements(shopId, query);
  }

  @Get('alerts')
  @AdminDoc({ summary: 'Oversell flags: sales made offline beyond the stock (I4), for review', response: StockAlertPageDto })
  alerts(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: StockAlertQueryDto): Promise<Page<StockAlertDto>> {
    return this.stock.listAlerts(shopId, query);
  }

  @Post('adjustments')
  @Audit('stock.adjust')
  @AdminDoc({ summary: 'Record a receipt, an adjustment or a count (a new movement, I4)', response: AdjustmentResultDto, status: HttpStatus.CREATED, errors: [HttpStatus.NOT_FOUND] })
  adjust(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: CreateAdjustmentDto): Promise<AdjustmentResultDto> {
    return this.stock.adjust(actor, shopId, body);
  }
}
