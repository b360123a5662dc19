import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { QuickKeysApplier } from './quick-keys.applier';

@Module({ imports: [ConflictsModule], providers: [QuickKeysApplier], exports: [QuickKeysApplier] })
export class QuickKeysModule {}
