import { Body, Controller, Get, Header, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import type { Page } from '../common/page';
import { AdminProductsService } from './admin-products.service';
import { CreateProductDto, ImportProductsDto, ImportResultDto, ProductDto, ProductListQueryDto, ProductPageDto, UpdateProductDto } from './dto/product.dto';

@ApiTags('admin: products')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/products')
export class AdminProductsController {
  constructor(private readonly products: AdminProductsService) {}

  @Get()
  @AdminDoc({ summary: 'List products (search, category, archived), by name, paginated', response: ProductPageDto })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ProductListQueryDto): Promise<Page<ProductDto>> {
    return this.products.list(shopId, query);
  }

  @Post()
  @Audit('product.create')
  @AdminDoc({ summary: 'Create a product, with its opening stock', response: ProductDto, status: HttpStatus.CREATED, errors: [HttpStatus.CONFLICT] })
  create(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: CreateProductDto): Promise<ProductDto> {
    return this.products.create(actor, shopId, body);
  }

  @Get('export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="products.csv"')
  @AdminDoc({ summary: 'Export the catalogue as CSV (importable as is)', csv: true })
  exportCsv(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<string> {
    return this.products.exportCsv(shopId);
  }

  @Post('import')
  @Audit('product.import')
  @AdminDoc({ summary: 'Create or update products from CSV, all or nothing', response: ImportResultDto })
  importCsv(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: ImportProductsDto): Promise<ImportResultDto> {
    return this.products.importCsv(actor, shopId, body);
  }

  @Get(':productId')
  @AdminDoc({ summary: 'One product with its stock', response: ProductDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('productId', ParseUUIDPipe) productId: string): Promise<ProductDto> {
    return this.products.get(shopId, productId);
  }

  @Patch(':productId')
  @Audit('product.update')
  @AdminDoc({ summary: 'Change a product (last write wins per field, I6)', response: ProductDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('productId', ParseUUIDPipe) productId: string,
    @Body() body: UpdateProductDto,
  ): Promise<ProductDto> {
    return this.products.update(actor, shopId, productId, body);
  }

  @Post(':productId/archive')
  @Audit('product.archive')
  @AdminDoc({ summary: 'Archive a product (off the till; kept in history). Products are never deleted.', response: ProductDto, errors: [HttpStatus.NOT_FOUND] })
  archive(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('productId', ParseUUIDPipe) productId: string,
  ): Promise<ProductDto> {
    return this.products.setArchived(actor, shopId, productId, true);
  }

  @Post(':productId/unarchive')
  @Audit('product.unarchive')
  @AdminDoc({ summary: 'Bring an archived product back', response: ProductDto, errors: [HttpStatus.NOT_FOUND] })
  unarchive(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('productId', ParseUUIDPipe) productId: string,
  ): Promise<ProductDto> {
    return this.products.setArchived(actor, shopId, productId, false);
  }
}
