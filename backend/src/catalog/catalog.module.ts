import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ProductApplier } from './product.applier';
import { TaxRateApplier } from './tax-rate.applier';

@Module({ imports: [ConflictsModule], providers: [ProductApplier, TaxRateApplier], exports: [ProductApplier, TaxRateApplier] })
export class CatalogModule {}
