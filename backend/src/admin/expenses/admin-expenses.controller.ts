import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminDoc } from '../common/api-docs';
import type { Page } from '../common/page';
import { AdminExpensesService } from './admin-expenses.service';
import { CreateExpenseDto, ExpenseDto, ExpenseListQueryDto, ExpensePageDto, UpdateExpenseDto } from './dto/expense.dto';

@ApiTags('admin: expenses')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/expenses')
export class AdminExpensesController {
  constructor(private readonly expenses: AdminExpensesService) {}

  @Get()
  @AdminDoc({ summary: 'List expenses by date, newest first, paginated', response: ExpensePageDto })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ExpenseListQueryDto): Promise<Page<ExpenseDto>> {
    return this.expenses.list(shopId, query);
  }

  @Post()
  @Audit('expense.create')
  @AdminDoc({ summary: 'Record an expense', response: ExpenseDto, status: HttpStatus.CREATED })
  create(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: CreateExpenseDto): Promise<ExpenseDto> {
    return this.expenses.create(actor, shopId, body);
  }

  @Get(':expenseId')
  @AdminDoc({ summary: 'One expense (deleted ones too)', response: ExpenseDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('expenseId', ParseUUIDPipe) expenseId: string): Promise<ExpenseDto> {
    return this.expenses.get(shopId, expenseId);
  }

  @Patch(':expenseId')
  @Audit('expense.update')
  @AdminDoc({ summary: 'Change an expense (last write wins per field, I6)', response: ExpenseDto, errors: [HttpStatus.NOT_FOUND] })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('expenseId', ParseUUIDPipe) expenseId: string,
    @Body() body: UpdateExpenseDto,
  ): Promise<ExpenseDto> {
    return this.expenses.update(actor, shopId, expenseId, body);
  }

  @Delete(':expenseId')
  @Audit('expense.delete')
  @AdminDoc({ summary: 'Delete an expense (a tombstone the terminals pull)', status: HttpStatus.NO_CONTENT, errors: [HttpStatus.NOT_FOUND] })
  delete(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('expenseId', ParseUUIDPipe) expenseId: string,
  ): Promise<void> {
    return this.expenses.delete(actor, shopId, expenseId);
  }
}
