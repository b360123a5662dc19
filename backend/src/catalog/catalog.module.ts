import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ProductApplier } from './product.applier';

@Module({ imports: [ConflictsModule], providers: [ProductApplier], exports: [ProductApplier] })
export class CatalogModule {}
