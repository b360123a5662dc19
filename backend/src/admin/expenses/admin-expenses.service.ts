import { Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type ExpenseUpdatePayload } from '@seri/shared';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminOpsService } from '../admin-ops.service';
import { CURSOR_KEY, decodeCursor, pageSize, toPage, type Page } from '../common/page';
import { SqlParams } from '../common/sql-builder';
import type { CreateExpenseDto, ExpenseDto, ExpenseListQueryDto, UpdateExpenseDto } from './dto/expense.dto';

interface ExpenseRow {
  id: string;
  shop_id: string;
  category: string;
  amount: string;
  note: string | null;
  date: string;
  deleted: boolean;
  hlc: string;
  created_at: Date;
  updated_at: Date;
}

const EXPENSE_SELECT = `SELECT id, shop_id, category, amount::text AS amount, note, date, deleted, hlc, created_at, updated_at FROM expenses`;
const EDITABLE = ['category', 'amount', 'note', 'date'] as const;

function toExpenseDto(row: ExpenseRow): ExpenseDto {
  return {
    id: row.id,
    shopId: row.shop_id,
    category: row.category,
    amount: Number(row.amount),
    note: row.note,
    date: row.date,
    deleted: row.deleted,
    hlc: row.hlc,
    updatedAt: row.updated_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** Expenses from the admin API: `expense` ops like a terminal's, last write wins per field (I6). */
@Injectable()
export class AdminExpensesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
  ) {}

  async list(shopId: string, query: ExpenseListQueryDto): Promise<Page<ExpenseDto>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, [CURSOR_KEY.text, CURSOR_KEY.uuid]);
    const params = new SqlParams();
    const where = [`shop_id = ${params.add(shopId)}`];
    if (query.includeDeleted !== true) where.push('NOT deleted');
    // `date` is what the terminal typed (a day or a date-time): its first ten characters are the day.
    if (query.from !== undefined) where.push(`left(date, 10) >= ${params.add(query.from)}`);
    if (query.to !== undefined) where.push(`left(date, 10) <= ${params.add(query.to)}`);
    if (query.category !== undefined) where.push(`category = ${params.add(query.category)}`);
    if (after) where.push(`(date, id) < (${params.add(after[0])}, ${params.add(after[1])}::uuid)`);
    const rows = await this.dataSource.query<ExpenseRow[]>(
      `${EXPENSE_SELECT} WHERE ${where.join(' AND ')} ORDER BY date DESC, id DESC LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, toExpenseDto, (row) => [row.date, row.id]);
  }

  /** Deleted expenses are found too (tombstones), so a manager can see what was removed. */
  async get(shopId: string, expenseId: string): Promise<ExpenseDto> {
    const [row] = await this.dataSource.query<ExpenseRow[]>(`${EXPENSE_SELECT} WHERE shop_id = $1 AND id = $2`, [shopId, expenseId]);
    if (!row) throw new NotFoundException(`expense ${expenseId} not found in this shop`);
    return toExpenseDto(row);
  }

  async create(actor: AuthenticatedUser, shopId: string, body: CreateExpenseDto): Promise<ExpenseDto> {
    const id = uuidv7();
    await this.ops.apply({ userId: actor.userId, shopId }, [
      { entity: 'expense', kind: 'create', entityId: id, payload: { id, category: body.category, amount: body.amount, note: body.note ?? null, date: body.date } },
    ]);
    return this.get(shopId, id);
  }

  async update(actor: AuthenticatedUser, shopId: string, expenseId: string, body: UpdateExpenseDto): Promise<ExpenseDto> {
    const current = await this.live(shopId, expenseId);
    const changes: Omit<ExpenseUpdatePayload, 'id'> = {};
    for (const field of EDITABLE) {
      const value = body[field];
      if (value !== undefined && value !== current[field]) (changes as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(changes).length > 0) {
      await this.ops.apply({ userId: actor.userId, shopId }, [{ entity: 'expense', kind: 'update', entityId: expenseId, payload: { id: expenseId, ...changes } }]);
    }
    return this.get(shopId, expenseId);
  }

  /** A delete is a tombstone the terminals pull (I3); the expense stays readable here. */
  async delete(actor: AuthenticatedUser, shopId: string, expenseId: string): Promise<void> {
    await this.live(shopId, expenseId);
    await this.ops.apply({ userId: actor.userId, shopId }, [{ entity: 'expense', kind: 'delete', entityId: expenseId, payload: { id: expenseId } }]);
  }

  private async live(shopId: string, expenseId: string): Promise<ExpenseDto> {
    const expense = await this.get(shopId, expenseId);
    if (expense.deleted) throw new NotFoundException(`expense ${expenseId} was deleted`);
    return expense;
  }
}
