import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toCsv } from '../admin/common/csv';
import type {
  ChangeDto,
  ComparisonQueryDto,
  ComparisonReportDto,
  ExpensesReportDto,
  ExportQueryDto,
  MarginReportDto,
  PeriodFiguresDto,
  ReportPeriodDto,
  ReportRowDto,
  TakingsGroup,
  TakingsQueryDto,
  TakingsReportDto,
} from './dto/report.dto';

/** A year and a day: longer periods are exports for an accountant, not a screen. */
const MAX_PERIOD_DAYS = 367;
const DAY_MS = 86_400_000;

interface Period {
  from: string;
  to: string;
  timeZone: string;
}

// Completed sales of the period, its days counted in the time zone ($2..$4 = from, to, zone).
const PERIOD_SALES = `SELECT * FROM sales
  WHERE shop_id = $1 AND status = 'COMPLETED'
    AND created_at >= ($2::date)::timestamp AT TIME ZONE $4
    AND created_at < ($3::date + 1)::timestamp AT TIME ZONE $4`;

const TAKINGS_SQL: Readonly<Record<TakingsGroup, string>> = {
  day: `WITH s AS (${PERIOD_SALES})
    SELECT to_char(d.day, 'YYYY-MM-DD') AS key, to_char(d.day, 'YYYY-MM-DD') AS label,
           count(s.id)::int AS sales, NULL::int AS quantity, COALESCE(sum(s.total), 0)::text AS total
      FROM generate_series($2::date, $3::date, interval '1 day') AS d(day)
      LEFT JOIN s ON (s.created_at AT TIME ZONE $4)::date = d.day::date
     GROUP BY d.day ORDER BY d.day`,
  'payment-method': `WITH s AS (${PERIOD_SALES})
    SELECT p->>'method' AS key, p->>'method' AS label, count(DISTINCT s.id)::int AS sales, NULL::int AS quantity,
           sum((p->>'amount')::bigint)::text AS total
      FROM s CROSS JOIN LATERAL jsonb_array_elements(s.payments) AS p
     GROUP BY p->>'method' ORDER BY sum((p->>'amount')::bigint) DESC, 1`,
  cashier: `WITH s AS (${PERIOD_SALES})
    SELECT s.cashier_id::text AS key, u.name AS label, count(*)::int AS sales, NULL::int AS quantity, sum(s.total)::text AS total
      FROM s JOIN users u ON u.id = s.cashier_id
     GROUP BY s.cashier_id, u.name ORDER BY sum(s.total) DESC, 1`,
  product: `WITH s AS (${PERIOD_SALES})
    SELECT l.product_id::text AS key, COALESCE(p.name, min(l.name)) AS label, count(DISTINCT s.id)::int AS sales,
           sum(l.quantity)::int AS quantity, sum(l.total)::text AS total
      FROM s JOIN sale_lines l ON l.sale_id = s.id LEFT JOIN products p ON p.id = l.product_id
     GROUP BY l.product_id, p.name ORDER BY sum(l.total) DESC, 1`,
};

interface RowOut {
  key: string;
  label: string;
  sales: number;
  quantity: number | null;
  total: string;
}

interface Figures {
  sales: number;
  takings: number;
  costOfGoods: number;
  uncostedRevenue: number;
  expenses: number;
}

/**
 * The manager's reports, all scoped by shop (I9). Takings count completed sales only
 * (a voided sale is not money in); days are whole days in the time zone asked for.
 */
@Injectable()
export class ReportsService {
  private readonly knownZones = new Map<string, boolean>();

  constructor(private readonly dataSource: DataSource) {}

  async takings(shopId: string, query: TakingsQueryDto): Promise<TakingsReportDto> {
    const period = await this.period(query);
    const groupBy = query.groupBy ?? 'day';
    const rows = await this.dataSource.query<RowOut[]>(TAKINGS_SQL[groupBy], [shopId, period.from, period.to, period.timeZone]);
    const [totals] = await this.dataSource.query<{ sales: number; total: string }[]>(
      `WITH s AS (${PERIOD_SALES}) SELECT count(*)::int AS sales, COALESCE(sum(total), 0)::text AS total FROM s`,
      [shopId, period.from, period.to, period.timeZone],
    );
    return {
      ...period,
      currency: await this.currency(shopId),
      groupBy,
      sales: totals?.sales ?? 0,
      total: Number(totals?.total ?? 0),
      rows: rows.map(toRow),
    };
  }

  async expenses(shopId: string, query: ReportPeriodDto): Promise<ExpensesReportDto> {
    const period = await this.period(query);
    const rows = await this.dataSource.query<{ category: string; count: number; total: string }[]>(
      `SELECT category, count(*)::int AS count, sum(amount)::text AS total FROM expenses
        WHERE shop_id = $1 AND NOT deleted AND left(date, 10) BETWEEN $2 AND $3
        GROUP BY category ORDER BY sum(amount) DESC, category`,
      [shopId, period.from, period.to],
    );
    const mapped = rows.map((row) => ({ category: row.category, count: row.count, total: Number(row.total) }));
    return {
      ...period,
      currency: await this.currency(shopId),
      count: mapped.reduce((sum, row) => sum + row.count, 0),
      total: mapped.reduce((sum, row) => sum + row.total, 0),
      rows: mapped,
    };
  }

  async margin(shopId: string, query: ReportPeriodDto): Promise<MarginReportDto> {
    const period = await this.period(query);
    const figures = await this.figures(shopId, period);
    return { ...period, currency: await this.currency(shopId), ...marginOf(figures) };
  }

  async comparison(shopId: string, query: ComparisonQueryDto): Promise<ComparisonReportDto> {
    const current = await this.period(query);
    const previous = await this.period(previousPeriod(query, current));
    const [now, before] = [periodFigures(current, await this.figures(shopId, current)), periodFigures(previous, await this.figures(shopId, previous))];
    const change = (field: keyof Omit<PeriodFiguresDto, 'from' | 'to'>): ChangeDto => changeOf(now[field], before[field]);
    return {
      timeZone: current.timeZone,
      currency: await this.currency(shopId),
      current: now,
      previous: before,
      change: {
        sales: change('sales'),
        takings: change('takings'),
        averageBasket: change('averageBasket'),
        expenses: change('expenses'),
        costOfGoods: change('costOfGoods'),
        grossMargin: change('grossMargin'),
        net: change('net'),
      },
    };
  }

  /** Any report as a CSV file: one header line, one line per row, amounts in minor units. */
  async exportCsv(shopId: string, query: ExportQueryDto): Promise<string> {
    switch (query.report) {
      case 'takings-by-day':
      case 'takings-by-payment-method':
      case 'takings-by-cashier':
      case 'takings-by-product': {
        const report = await this.takings(shopId, { ...query, groupBy: query.report.slice('takings-by-'.length) as TakingsGroup });
        return toCsv(
          ['key', 'label', 'sales', 'quantity', 'total', 'currency'],
          report.rows.map((row) => [row.key, row.label, row.sales, row.quantity ?? null, row.total, report.currency]),
        );
      }
      case 'expenses-by-category': {
        const report = await this.expenses(shopId, query);
        return toCsv(['category', 'count', 'total', 'currency'], report.rows.map((row) => [row.category, row.count, row.total, report.currency]));
      }
      case 'margin': {
        const report = await this.margin(shopId, query);
        return toCsv(
          ['from', 'to', 'revenue', 'costOfGoods', 'grossMargin', 'marginPercent', 'uncostedRevenue', 'currency'],
          [[report.from, report.to, report.revenue, report.costOfGoods, report.grossMargin, report.marginPercent, report.uncostedRevenue, report.currency]],
        );
      }
      case 'comparison': {
        const report = await this.comparison(shopId, query);
        const fields = ['sales', 'takings', 'averageBasket', 'expenses', 'costOfGoods', 'grossMargin', 'net'] as const;
        return toCsv(
          ['figure', `${report.current.from}..${report.current.to}`, `${report.previous.from}..${report.previous.to}`, 'change', 'changePercent'],
          fields.map((field) => [field, report.current[field], report.previous[field], report.change[field].absolute, report.change[field].percent]),
        );
      }
      default: {
        const unknown: never = query.report;
        throw new BadRequestException(`unknown report ${String(unknown)}`);
      }
    }
  }

  private async figures(shopId: string, period: Period): Promise<Figures> {
    const parameters = [shopId, period.from, period.to, period.timeZone];
    const [sales] = await this.dataSource.query<{ sales: number; takings: string }[]>(
      `WITH s AS (${PERIOD_SALES}) SELECT count(*)::int AS sales, COALESCE(sum(total), 0)::text AS takings FROM s`,
      parameters,
    );
    const [costs] = await this.dataSource.query<{ cost: string; uncosted: string }[]>(
      `WITH s AS (${PERIOD_SALES})
       SELECT COALESCE(sum(l.quantity * p.cost) FILTER (WHERE p.cost IS NOT NULL), 0)::text AS cost,
              COALESCE(sum(l.total) FILTER (WHERE p.cost IS NULL), 0)::text AS uncosted
         FROM s JOIN sale_lines l ON l.sale_id = s.id LEFT JOIN products p ON p.id = l.product_id`,
      parameters,
    );
    const [spent] = await this.dataSource.query<{ total: string }[]>(
      `SELECT COALESCE(sum(amount), 0)::text AS total FROM expenses WHERE shop_id = $1 AND NOT deleted AND left(date, 10) BETWEEN $2 AND $3`,
      [shopId, period.from, period.to],
    );
    return {
      sales: sales?.sales ?? 0,
      takings: Number(sales?.takings ?? 0),
      costOfGoods: Number(costs?.cost ?? 0),
      uncostedRevenue: Number(costs?.uncosted ?? 0),
      expenses: Number(spent?.total ?? 0),
    };
  }

  private async period(query: ReportPeriodDto): Promise<Period> {
    const from = parseDay(query.from, 'from');
    const to = parseDay(query.to, 'to');
    if (to < from) throw new BadRequestException('to must be on or after from');
    if ((to - from) / DAY_MS + 1 > MAX_PERIOD_DAYS) throw new BadRequestException(`a report covers at most ${MAX_PERIOD_DAYS} days`);
    const timeZone = query.timeZone ?? 'UTC';
    if (!(await this.isKnownZone(timeZone))) throw new BadRequestException(`timeZone ${timeZone} is not a time zone this server knows`);
    return { from: query.from, to: query.to, timeZone };
  }

  /** Asked of PostgreSQL itself, which does the conversion: a zone it does not know would fail the query. */
  private async isKnownZone(name: string): Promise<boolean> {
    const cached = this.knownZones.get(name);
    if (cached !== undefined) return cached;
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM pg_timezone_names WHERE name = $1', [name]);
    const known = rows.length > 0;
    if (this.knownZones.size < 1000) this.knownZones.set(name, known);
    return known;
  }

  private async currency(shopId: string): Promise<string> {
    const [shop] = await this.dataSource.query<{ currency: string }[]>('SELECT currency FROM shops WHERE id = $1', [shopId]);
    if (!shop) throw new NotFoundException(`shop ${shopId} not found`);
    return shop.currency;
  }
}

function toRow(row: RowOut): ReportRowDto {
  return { key: row.key, label: row.label, sales: row.sales, ...(row.quantity === null ? {} : { quantity: row.quantity }), total: Number(row.total) };
}

/** A calendar day, refusing what Date would roll over (2025-02-30). */
function parseDay(text: string, name: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text || ms < Date.UTC(2000, 0, 1) || ms > Date.UTC(2100, 0, 1)) {
    throw new BadRequestException(`${name} must be a real day between 2000 and 2100`);
  }
  return ms;
}

function previousPeriod(query: ComparisonQueryDto, current: Period): ReportPeriodDto {
  if ((query.previousFrom === undefined) !== (query.previousTo === undefined)) {
    throw new BadRequestException('give both previousFrom and previousTo, or neither');
  }
  if (query.previousFrom !== undefined && query.previousTo !== undefined) {
    return { from: query.previousFrom, to: query.previousTo, timeZone: current.timeZone };
  }
  const from = Date.parse(`${current.from}T00:00:00Z`);
  const days = (Date.parse(`${current.to}T00:00:00Z`) - from) / DAY_MS + 1;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return { from: day(from - days * DAY_MS), to: day(from - DAY_MS), timeZone: current.timeZone };
}

function marginOf(figures: Figures): Omit<MarginReportDto, 'from' | 'to' | 'timeZone' | 'currency'> {
  const grossMargin = figures.takings - figures.costOfGoods;
  return {
    revenue: figures.takings,
    costOfGoods: figures.costOfGoods,
    grossMargin,
    marginPercent: figures.takings === 0 ? null : Math.round((grossMargin / figures.takings) * 1000) / 10,
    uncostedRevenue: figures.uncostedRevenue,
  };
}

function periodFigures(period: Period, figures: Figures): PeriodFiguresDto {
  const grossMargin = figures.takings - figures.costOfGoods;
  return {
    from: period.from,
    to: period.to,
    sales: figures.sales,
    takings: figures.takings,
    averageBasket: figures.sales === 0 ? 0 : Math.floor(figures.takings / figures.sales),
    expenses: figures.expenses,
    costOfGoods: figures.costOfGoods,
    grossMargin,
    net: grossMargin - figures.expenses,
  };
}

function changeOf(now: number, before: number): ChangeDto {
  return { absolute: now - before, percent: before === 0 ? null : Math.round(((now - before) / Math.abs(before)) * 1000) / 10 };
}
