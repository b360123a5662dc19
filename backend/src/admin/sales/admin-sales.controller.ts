import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import type { Page } from '../common/page';
import { AdminSalesService } from './admin-sales.service';
import { SaleDetailDto, SaleListQueryDto, SalePageDto, SaleSummaryDto, VoidSaleDto } from './dto/sale.dto';

@ApiTags('admin: sales')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/sales')
export class AdminSalesController {
  constructor(private readonly sales: AdminSalesService) {}

  @Get()
  @AdminDoc({ summary: 'List sales, newest first, with filters and pagination', response: SalePageDto })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: SaleListQueryDto): Promise<Page<SaleSummaryDto>> {
    return this.sales.list(shopId, query);
  }

  @Get(':saleId')
  @AdminDoc({ summary: 'One sale with its lines', response: SaleDetailDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('saleId', ParseUUIDPipe) saleId: string): Promise<SaleDetailDto> {
    return this.sales.get(shopId, saleId);
  }

  @Post(':saleId/void')
  @Audit('sale.void')
  @AdminDoc({ summary: 'Void a sale (a new op; stock goes back, the sale is kept, I5)', response: SaleDetailDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  void(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('saleId', ParseUUIDPipe) saleId: string,
    @Body() body: VoidSaleDto,
  ): Promise<SaleDetailDto> {
    return this.sales.void(actor, shopId, saleId, body.reason);
  }
}
