import { Module } from '@nestjs/common';
import { ProductApplier } from './product.applier';

@Module({ providers: [ProductApplier], exports: [ProductApplier] })
export class CatalogModule {}
