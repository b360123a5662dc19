import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import {
  ComparisonQueryDto,
  ComparisonReportDto,
  ExpensesReportDto,
  ExportQueryDto,
  MarginReportDto,
  ReportPeriodDto,
  TakingsQueryDto,
  TakingsReportDto,
  TaxReportDto,
} from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('admin: reports')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('takings')
  @AdminDoc({ summary: 'Takings per day, payment method, cashier or product', response: TakingsReportDto })
  takings(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: TakingsQueryDto): Promise<TakingsReportDto> {
    return this.reports.takings(shopId, query);
  }

  @Get('expenses')
  @AdminDoc({ summary: 'Expenses per category', response: ExpensesReportDto })
  expenses(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ReportPeriodDto): Promise<ExpensesReportDto> {
    return this.reports.expenses(shopId, query);
  }

  @Get('margin')
  @AdminDoc({ summary: 'Gross margin: takings less the cost of the goods sold', response: MarginReportDto })
  margin(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ReportPeriodDto): Promise<MarginReportDto> {
    return this.reports.margin(shopId, query);
  }

  @Get('comparison')
  @AdminDoc({ summary: 'A period against the previous one: takings, basket, expenses, margin', response: ComparisonReportDto })
  comparison(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ComparisonQueryDto): Promise<ComparisonReportDto> {
    return this.reports.comparison(shopId, query);
  }

  @Get('taxes')
  @AdminDoc({ summary: 'Taxes per rate: sales, refunds (in the period they were made) and net, base and tax', response: TaxReportDto })
  taxes(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ReportPeriodDto): Promise<TaxReportDto> {
    return this.reports.taxes(shopId, query);
  }

  @Get('export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="report.csv"')
  @AdminDoc({ summary: 'Any report as CSV (report=taxes: the tax report, one line per rate and a total line)', csv: true })
  exportCsv(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: ExportQueryDto): Promise<string> {
    return this.reports.exportCsv(shopId, query);
  }
}
