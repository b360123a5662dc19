import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import { Audit } from '../audit/audit.decorator';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AdminShopsService } from './admin-shops.service';
import { CreateShopDto, ShopAdminDto, ShopDto, UpdateShopDto } from './dto/admin-shop.dto';

@ApiTags('admin: shops')
@ApiBearerAuth()
@Controller('admin/shops')
export class AdminShopsController {
  constructor(private readonly shops: AdminShopsService) {}

  @Get()
  @AdminDoc({ summary: 'The shops the caller manages', response: [ShopDto] })
  list(@CurrentUser() actor: AuthenticatedUser): Promise<ShopDto[]> {
    return this.shops.list(actor);
  }

  @Post()
  @Roles('ADMIN')
  @Audit('shop.create', { shopFromResult: true })
  @AdminDoc({ summary: 'Create a shop (ADMIN; the new shop is granted to its creator)', response: ShopDto, status: HttpStatus.CREATED })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateShopDto): Promise<ShopDto> {
    return this.shops.create(actor, body);
  }

  @Get(':shopId')
  @AdminDoc({ summary: 'One of the caller’s shops', response: ShopDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<ShopDto> {
    return this.shops.get(shopId);
  }

  @Patch(':shopId')
  @Audit('shop.update')
  @AdminDoc({ summary: 'Change a shop: name, locale, retention, cash and tax settings, legal identity (terminals get it at their next pull)', response: ShopDto, errors: [HttpStatus.NOT_FOUND] })
  update(@Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: UpdateShopDto): Promise<ShopDto> {
    return this.shops.update(shopId, body);
  }

  @Get(':shopId/admins')
  @Roles('ADMIN')
  @AdminDoc({ summary: 'ADMINs of other shops granted this shop', response: [ShopAdminDto] })
  admins(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<ShopAdminDto[]> {
    return this.shops.admins(shopId);
  }

  @Put(':shopId/admins/:userId')
  @Roles('ADMIN')
  @Audit('shop.admin.grant')
  @AdminDoc({ summary: 'Grant this shop to an ADMIN of another of your shops', response: [ShopAdminDto], errors: [HttpStatus.NOT_FOUND] })
  grant(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<ShopAdminDto[]> {
    return this.shops.grant(actor, shopId, userId);
  }

  @Delete(':shopId/admins/:userId')
  @Roles('ADMIN')
  @Audit('shop.admin.revoke')
  @AdminDoc({ summary: 'Take a granted shop away from an ADMIN', response: [ShopAdminDto], errors: [HttpStatus.NOT_FOUND] })
  revoke(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<ShopAdminDto[]> {
    return this.shops.revoke(shopId, userId);
  }
}
