import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ExpenseApplier } from './expense.applier';

@Module({ imports: [ConflictsModule], providers: [ExpenseApplier], exports: [ExpenseApplier] })
export class ExpensesModule {}
