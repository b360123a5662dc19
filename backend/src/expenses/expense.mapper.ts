import type { ExpenseRecord } from '@seri/shared';
import type { Expense } from './expense.entity';

export function toExpenseRecord(expense: Expense): ExpenseRecord {
  return {
    id: expense.id,
    shopId: expense.shopId,
    category: expense.category,
    amount: expense.amount,
    note: expense.note,
    date: expense.date,
    deleted: expense.deleted,
    hlc: expense.hlc,
    updatedAt: expense.updatedAt.toISOString(),
  };
}
