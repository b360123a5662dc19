import { Module } from '@nestjs/common';
import { ExpenseApplier } from './expense.applier';

@Module({ providers: [ExpenseApplier], exports: [ExpenseApplier] })
export class ExpensesModule {}
