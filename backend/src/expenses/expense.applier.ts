import { Injectable } from '@nestjs/common';
import type { Change, ExpenseCreatePayload, ExpenseDeletePayload, ExpenseUpdatePayload } from '@seri/shared';
import type { AppliedEffect } from '../common/change.types';
import { initialState, mergeFields } from '../common/lww';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { ConflictsService } from '../conflicts/conflicts.service';
import { lwwConflicts } from '../conflicts/lww-conflicts';
import { Expense } from './expense.entity';
import { toExpenseRecord } from './expense.mapper';

type ExpenseFields = Omit<ExpenseUpdatePayload, 'id'> & { deleted?: boolean };
const EXPENSE_FIELDS = ['category', 'amount', 'note', 'date', 'deleted'] as const;

/**
 * `expense/create|update|delete`, last write wins per field by HLC (I6). A delete is a
 * tombstone (`deleted` is a field like the others), delivered by the pull as `op: 'delete'`.
 */
@Injectable()
export class ExpenseApplier {
  constructor(private readonly conflicts: ConflictsService) {}

  async create(context: OpContext, payload: ExpenseCreatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockExpense(context, id);
    if (existing) return this.merge(context, existing, fields);
    const state = initialState([...EXPENSE_FIELDS], context.hlc);
    await context.manager.insert(
      Expense,
      context.manager.create(Expense, { id, shopId: context.shopId, ...fields, deleted: false, hlc: state.hlc, fieldHlc: state.fieldHlc }),
    );
    return { changes: [this.change(await context.manager.findOneByOrFail(Expense, { id }))] };
  }

  async update(context: OpContext, payload: ExpenseUpdatePayload): Promise<AppliedEffect> {
    const { id, ...fields } = payload;
    const existing = await this.lockExpense(context, id);
    if (!existing) throw new OpRejection('NOT_FOUND', `expense ${id} not found in this shop`);
    return this.merge(context, existing, fields);
  }

  async delete(context: OpContext, payload: ExpenseDeletePayload): Promise<AppliedEffect> {
    const existing = await this.lockExpense(context, payload.id);
    if (!existing) throw new OpRejection('NOT_FOUND', `expense ${payload.id} not found in this shop`);
    return this.merge(context, existing, { deleted: true });
  }

  private async lockExpense(context: OpContext, id: string): Promise<Expense | null> {
    const expense = await context.manager.findOne(Expense, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (expense && expense.shopId !== context.shopId) {
      throw new OpRejection('FORBIDDEN', `expense ${id} belongs to another shop`);
    }
    return expense;
  }

  private async merge(context: OpContext, expense: Expense, fields: ExpenseFields): Promise<AppliedEffect> {
    const before = { hlc: expense.hlc, fieldHlc: expense.fieldHlc };
    const merged = mergeFields<ExpenseFields>(before, fields, context.hlc);
    await this.conflicts.record(
      context.manager,
      lwwConflicts<ExpenseFields>({
        shopId: context.shopId,
        entity: 'expense',
        entityId: expense.id,
        opId: context.opId,
        hlc: context.hlc,
        before,
        current: expense,
        incoming: fields,
        merge: merged,
      }),
    );
    if (Object.keys(merged.accepted).length === 0) return { changes: [] };
    await context.manager.update(Expense, { id: expense.id }, { ...merged.accepted, hlc: merged.state.hlc, fieldHlc: merged.state.fieldHlc });
    return { changes: [this.change(await context.manager.findOneByOrFail(Expense, { id: expense.id }))] };
  }

  private change(expense: Expense): Change {
    return expense.deleted
      ? { entity: 'expense', entityId: expense.id, op: 'delete' }
      : { entity: 'expense', entityId: expense.id, op: 'upsert', data: toExpenseRecord(expense) };
  }
}
