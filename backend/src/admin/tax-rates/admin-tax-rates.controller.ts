import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import { AdminTaxRatesService } from './admin-tax-rates.service';
import { CreateTaxRateDto, TaxRateDto, UpdateTaxRateDto } from './dto/tax-rate.dto';

@ApiTags('admin: tax rates')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/tax-rates')
export class AdminTaxRatesController {
  constructor(private readonly rates: AdminTaxRatesService) {}

  @Get()
  @AdminDoc({ summary: 'The shop’s tax rates (archived ones last)', response: [TaxRateDto] })
  list(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<TaxRateDto[]> {
    return this.rates.list(shopId);
  }

  @Post()
  @Audit('tax_rate.create')
  @AdminDoc({ summary: 'Add a tax rate (name unique in the shop, rate in basis points)', response: TaxRateDto, status: HttpStatus.CREATED, errors: [HttpStatus.CONFLICT] })
  create(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: CreateTaxRateDto): Promise<TaxRateDto> {
    return this.rates.create(actor, shopId, body);
  }

  @Get(':rateId')
  @AdminDoc({ summary: 'One tax rate', response: TaxRateDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('rateId', ParseUUIDPipe) rateId: string): Promise<TaxRateDto> {
    return this.rates.get(shopId, rateId);
  }

  @Patch(':rateId')
  @Audit('tax_rate.update')
  @AdminDoc({
    summary: 'Rename, change or archive a tax rate (last write wins per field, I6; sales already made keep their rate)',
    response: TaxRateDto,
    errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT],
  })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('rateId', ParseUUIDPipe) rateId: string,
    @Body() body: UpdateTaxRateDto,
  ): Promise<TaxRateDto> {
    return this.rates.update(actor, shopId, rateId, body);
  }
}
