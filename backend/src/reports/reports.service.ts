import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isCalendarDay, parseCalendarInstant } from '@seri/shared/dto';
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
  TaxReportDto,
  TaxReportRowDto,
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

// Refunds made in the period (of any earlier sale): money out on the day it went out.
const PERIOD_REFUNDS = `SELECT * FROM sale_refunds
  WHERE shop_id = $1
    AND created_at >= ($2::date)::timestamp AT TIME ZONE $4
    AND created_at < ($3::date + 1)::timestamp AT TIME ZONE $4`;

const PERIOD = `s AS (${PERIOD_SALES}), r AS (${PERIOD_REFUNDS})`;

/** Per key: sales counted, their takings (gross) and the refunds paid out; net = gross − refunds. */
const TAKINGS_SQL: Readonly<Record<TakingsGroup, string>> = {
  day: `WITH ${PERIOD},
      sd AS (SELECT (created_at AT TIME ZONE $4)::date AS day, count(*) AS n, sum(total) AS g FROM s GROUP BY 1),
      rd AS (SELECT (created_at AT TIME ZONE $4)::date AS day, sum(total) AS x FROM r GROUP BY 1)
    SELECT to_char(d.day, 'YYYY-MM-DD') AS key, to_char(d.day, 'YYYY-MM-DD') AS label, COALESCE(sd.n, 0)::int AS sales,
           NULL::int AS quantity, COALESCE(sd.g, 0)::text AS gross, COALESCE(rd.x, 0)::text AS refunds
      FROM generate_series($2::date, $3::date, interval '1 day') AS d(day)
      LEFT JOIN sd ON sd.day = d.day::date LEFT JOIN rd ON rd.day = d.day::date
     ORDER BY d.day`,
  'payment-method': `WITH ${PERIOD},
      sp AS (SELECT p->>'method' AS k, count(DISTINCT s.id) AS n, sum((p->>'amount')::bigint) AS g
               FROM s CROSS JOIN LATERAL jsonb_array_elements(s.payments) AS p GROUP BY 1),
      rp AS (SELECT method AS k, sum(total) AS x FROM r GROUP BY 1)
    SELECT COALESCE(sp.k, rp.k) AS key, COALESCE(sp.k, rp.k) AS label, COALESCE(sp.n, 0)::int AS sales, NULL::int AS quantity,
           COALESCE(sp.g, 0)::text AS gross, COALESCE(rp.x, 0)::text AS refunds
      FROM sp FULL JOIN rp ON rp.k = sp.k
     ORDER BY COALESCE(sp.g, 0) - COALESCE(rp.x, 0) DESC, 1`,
  cashier: `WITH ${PERIOD},
      sc AS (SELECT cashier_id AS k, count(*) AS n, sum(total) AS g FROM s GROUP BY 1),
      rc AS (SELECT user_id AS k, sum(total) AS x FROM r GROUP BY 1)
    SELECT COALESCE(sc.k, rc.k)::text AS key, COALESCE(u.name, COALESCE(sc.k, rc.k)::text) AS label, COALESCE(sc.n, 0)::int AS sales,
           NULL::int AS quantity, COALESCE(sc.g, 0)::text AS gross, COALESCE(rc.x, 0)::text AS refunds
      FROM sc FULL JOIN rc ON rc.k = sc.k LEFT JOIN users u ON u.id = COALESCE(sc.k, rc.k)
     ORDER BY COALESCE(sc.g, 0) - COALESCE(rc.x, 0) DESC, 1`,
  product: `WITH ${PERIOD},
      sl AS (SELECT l.product_id AS k, min(l.name) AS nm, count(DISTINCT s.id) AS n, sum(l.quantity) AS q, sum(l.total) AS g
               FROM s JOIN sale_lines l ON l.sale_id = s.id GROUP BY 1),
      rl AS (SELECT (x->>'productId')::uuid AS k, sum((x->>'quantity')::bigint) AS q, sum((x->>'amount')::bigint) AS x
               FROM r CROSS JOIN LATERAL jsonb_array_elements(r.lines) AS x GROUP BY 1)
    SELECT COALESCE(sl.k, rl.k)::text AS key, COALESCE(p.name, sl.nm, COALESCE(sl.k, rl.k)::text) AS label, COALESCE(sl.n, 0)::int AS sales,
           (COALESCE(sl.q, 0) - COALESCE(rl.q, 0))::int AS quantity, COALESCE(sl.g, 0)::text AS gross, COALESCE(rl.x, 0)::text AS refunds
      FROM sl FULL JOIN rl ON rl.k = sl.k LEFT JOIN products p ON p.id = COALESCE(sl.k, rl.k)
     ORDER BY COALESCE(sl.g, 0) - COALESCE(rl.x, 0) DESC, 1`,
};

/**
 * Taxes per rate (I10): the completed sales' `taxes` and the `taxes` of refunds made in the
 * period, each summed per rate as the sales copied it (id, name, basis points). Sales and
 * refunds made before taxes carry none.
 */
const TAXES_SQL = `WITH ${PERIOD},
    st AS (SELECT t->>'rateId' AS rate_id, t->>'name' AS name, (t->>'rateBp')::int AS rate_bp, sum((t->>'base')::bigint) AS base, sum((t->>'tax')::bigint) AS tax
             FROM s CROSS JOIN LATERAL jsonb_array_elements(s.taxes) AS t WHERE s.taxes IS NOT NULL GROUP BY 1, 2, 3),
    rt AS (SELECT t->>'rateId' AS rate_id, t->>'name' AS name, (t->>'rateBp')::int AS rate_bp, sum((t->>'base')::bigint) AS base, sum((t->>'tax')::bigint) AS tax
             FROM r CROSS JOIN LATERAL jsonb_array_elements(r.taxes) AS t WHERE r.taxes IS NOT NULL GROUP BY 1, 2, 3)
  SELECT COALESCE(st.rate_id, rt.rate_id) AS rate_id, COALESCE(st.name, rt.name) AS name, COALESCE(st.rate_bp, rt.rate_bp) AS rate_bp,
         COALESCE(st.base, 0)::text AS sales_base, COALESCE(st.tax, 0)::text AS sales_tax,
         COALESCE(rt.base, 0)::text AS refunds_base, COALESCE(rt.tax, 0)::text AS refunds_tax
    FROM st FULL JOIN rt ON rt.rate_id IS NOT DISTINCT FROM st.rate_id AND rt.name = st.name AND rt.rate_bp = st.rate_bp
   ORDER BY 3 DESC, 2, 1`;

interface TaxRowOut {
  rate_id: string | null;
  name: string;
  rate_bp: number;
  sales_base: string;
  sales_tax: string;
  refunds_base: string;
  refunds_tax: string;
}

interface RowOut {
  key: string;
  label: string;
  sales: number;
  quantity: number | null;
  gross: string;
  refunds: string;
}

interface Figures {
  sales: number;
  /** Net: sales less refunds paid out in the period. */
  takings: number;
  refunds: number;
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
    const figures = await this.figures(shopId, period);
    return {
      ...period,
      currency: await this.currency(shopId),
      groupBy,
      sales: figures.sales,
      gross: figures.takings + figures.refunds,
      refunds: figures.refunds,
      total: figures.takings,
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
        refunds: change('refunds'),
        averageBasket: change('averageBasket'),
        expenses: change('expenses'),
        costOfGoods: change('costOfGoods'),
        grossMargin: change('grossMargin'),
        net: change('net'),
      },
    };
  }

  /** Taxes collected per rate in the period, net of the refunds made in it. */
  async taxes(shopId: string, query: ReportPeriodDto): Promise<TaxReportDto> {
    const period = await this.period(query);
    const parameters = [shopId, period.from, period.to, period.timeZone];
    const rows = (await this.dataSource.query<TaxRowOut[]>(TAXES_SQL, parameters)).map(toTaxRow);
    const [untaxed] = await this.dataSource.query<{ n: number }[]>(`WITH ${PERIOD} SELECT count(*)::int AS n FROM s WHERE s.taxes IS NULL`, parameters);
    const sum = (field: keyof Omit<TaxReportRowDto, 'rateId' | 'name' | 'rateBp'>): number => rows.reduce((total, row) => total + row[field], 0);
    const total: TaxReportRowDto = {
      rateId: null,
      name: 'total',
      rateBp: 0,
      salesBase: sum('salesBase'),
      salesTax: sum('salesTax'),
      refundsBase: sum('refundsBase'),
      refundsTax: sum('refundsTax'),
      netBase: sum('netBase'),
      netTax: sum('netTax'),
    };
    return { ...period, currency: await this.currency(shopId), untaxedSales: untaxed?.n ?? 0, rows, total };
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
          ['key', 'label', 'sales', 'quantity', 'gross', 'refunds', 'total', 'currency'],
          report.rows.map((row) => [row.key, row.label, row.sales, row.quantity ?? null, row.gross, row.refunds, row.total, report.currency]),
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
        const fields = ['sales', 'takings', 'refunds', 'averageBasket', 'expenses', 'costOfGoods', 'grossMargin', 'net'] as const;
        return toCsv(
          ['figure', `${report.current.from}..${report.current.to}`, `${report.previous.from}..${report.previous.to}`, 'change', 'changePercent'],
          fields.map((field) => [field, report.current[field], report.previous[field], report.change[field].absolute, report.change[field].percent]),
        );
      }
      case 'taxes': {
        const report = await this.taxes(shopId, query);
        return toCsv(
          ['rateId', 'name', 'rateBp', 'salesBase', 'salesTax', 'refundsBase', 'refundsTax', 'netBase', 'netTax', 'currency'],
          [...report.rows, report.total].map((row) => [row.rateId, row.name, row.rateBp, row.salesBase, row.salesTax, row.refundsBase, row.refundsTax, row.netBase, row.netTax, report.currency]),
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
    const [sales] = await this.dataSource.query<{ sales: number; gross: string; refunds: string }[]>(
      `WITH ${PERIOD}
       SELECT (SELECT count(*) FROM s)::int AS sales, (SELECT COALESCE(sum(total), 0) FROM s)::text AS gross,
              (SELECT COALESCE(sum(total), 0) FROM r)::text AS refunds`,
      parameters,
    );
    // Units that came back with a refund are not sold goods any more: their cost comes off.
    const [costs] = await this.dataSource.query<{ cost: string; uncosted: string }[]>(
      `WITH ${PERIOD},
         moved AS (
           SELECT l.product_id, l.quantity::bigint AS quantity, l.total AS amount FROM s JOIN sale_lines l ON l.sale_id = s.id
           UNION ALL
           SELECT (x->>'productId')::uuid, -(x->>'quantity')::bigint, -(x->>'amount')::bigint FROM r CROSS JOIN LATERAL jsonb_array_elements(r.lines) AS x)
       SELECT COALESCE(sum(m.quantity * p.cost) FILTER (WHERE p.cost IS NOT NULL), 0)::text AS cost,
              COALESCE(sum(m.amount) FILTER (WHERE p.cost IS NULL), 0)::text AS uncosted
         FROM moved m LEFT JOIN products p ON p.id = m.product_id`,
      parameters,
    );
    const [spent] = await this.dataSource.query<{ total: string }[]>(
      `SELECT COALESCE(sum(amount), 0)::text AS total FROM expenses WHERE shop_id = $1 AND NOT deleted AND left(date, 10) BETWEEN $2 AND $3`,
      [shopId, period.from, period.to],
    );
    const refunds = Number(sales?.refunds ?? 0);
    return {
      sales: sales?.sales ?? 0,
      takings: Number(sales?.gross ?? 0) - refunds,
      refunds,
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
  const gross = Number(row.gross);
  const refunds = Number(row.refunds);
  return { key: row.key, label: row.label, sales: row.sales, ...(row.quantity === null ? {} : { quantity: row.quantity }), gross, refunds, total: gross - refunds };
}

function toTaxRow(row: TaxRowOut): TaxReportRowDto {
  const [salesBase, salesTax, refundsBase, refundsTax] = [row.sales_base, row.sales_tax, row.refunds_base, row.refunds_tax].map(Number) as [number, number, number, number];
  return { rateId: row.rate_id, name: row.name, rateBp: row.rate_bp, salesBase, salesTax, refundsBase, refundsTax, netBase: salesBase - refundsBase, netTax: salesTax - refundsTax };
}

/** A calendar day by the shared rule, refusing what Date would roll over (2025-02-30). */
function parseDay(text: string, name: string): number {
  const ms = isCalendarDay(text) ? parseCalendarInstant(text) : null;
  if (ms === null) throw new BadRequestException(`${name} must be a day that exists, written YYYY-MM-DD, between 2000 and 2100`);
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
    refunds: figures.refunds,
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
    refunds: figures.refunds,
    averageBasket: figures.sales === 0 ? 0 : Math.floor((figures.takings + figures.refunds) / figures.sales),
    expenses: figures.expenses,
    costOfGoods: figures.costOfGoods,
    grossMargin,
    net: grossMargin - figures.expenses,
  };
}

function changeOf(now: number, before: number): ChangeDto {
  return { absolute: now - before, percent: before === 0 ? null : Math.round(((now - before) / Math.abs(before)) * 1000) / 10 };
}
