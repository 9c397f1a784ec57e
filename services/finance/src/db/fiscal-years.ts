import { type Kysely, sql, type Transaction } from 'kysely';
import { GENESIS_HASH } from '../domain/entry-seal.js';
import type { FiscalYearSpan } from '../domain/fiscal-calendar.js';
import type { PeriodStatus } from '../domain/period-status.js';
import type { FinanceDb } from './schema.js';

export interface PeriodRow {
  year: number;
  period: number;
  start_date: string;
  end_date: string;
  status: PeriodStatus;
  status_changed_at: Date | null;
  status_changed_by: string | null;
  status_reason: string | null;
}

export interface FiscalYearRow {
  year: number;
  start_date: string;
  end_date: string;
  created_at: Date;
  created_by: string;
  last_number: number;
  /** When the year-end closing was posted; null while the year is not closed. */
  closed_at: Date | null;
  periods: PeriodRow[];
}

const dateText = (column: 'start_date' | 'end_date') => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`.as(column);

const PERIOD_COLUMNS = [
  'year',
  'period',
  dateText('start_date'),
  dateText('end_date'),
  'status',
  'status_changed_at',
  'status_changed_by',
  'status_reason',
] as const;

/** Writes a fiscal year, its periods (all open) and its posting counter (at 0, chain at the genesis hash). */
export async function insertFiscalYear(trx: Transaction<FinanceDb>, tenantId: string, span: FiscalYearSpan, createdBy: string): Promise<void> {
  await trx
    .insertInto('fiscal_year')
    .values({ tenant_id: tenantId, year: span.year, start_date: span.startDate, end_date: span.endDate, created_by: createdBy })
    .execute();
  await trx
    .insertInto('fiscal_period')
    .values(
      span.periods.map((period) => ({
        tenant_id: tenantId,
        year: span.year,
        period: period.period,
        start_date: period.startDate,
        end_date: period.endDate,
        status_changed_at: null,
        status_changed_by: null,
        status_reason: null,
      })),
    )
    .execute();
  await trx.insertInto('posting_counter').values({ tenant_id: tenantId, year: span.year, last_hash: GENESIS_HASH }).execute();
}

/** The tenant's fiscal years with their periods and the last number posted, oldest first (or only `year`). */
export async function listFiscalYears(db: Kysely<FinanceDb>, tenantId: string, year?: number): Promise<FiscalYearRow[]> {
  let query = db
    .selectFrom('fiscal_year as y')
    .innerJoin('posting_counter as c', (join) => join.onRef('c.tenant_id', '=', 'y.tenant_id').onRef('c.year', '=', 'y.year'))
    .leftJoin('fiscal_year_closing as z', (join) => join.onRef('z.tenant_id', '=', 'y.tenant_id').onRef('z.year', '=', 'y.year'))
    .select([
      'y.year',
      sql<string>`to_char(y.start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<string>`to_char(y.end_date, 'YYYY-MM-DD')`.as('end_date'),
      'y.created_at',
      'y.created_by',
      'c.last_number',
      'z.closed_at',
    ])
    .where('y.tenant_id', '=', tenantId);
  if (year !== undefined) query = query.where('y.year', '=', year);
  const years = await query.orderBy('y.year').execute();
  if (years.length === 0) return [];
  const periods = await db
    .selectFrom('fiscal_period')
    .select(PERIOD_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where(
      'year',
      'in',
      years.map((row) => row.year),
    )
    .orderBy('year')
    .orderBy('period')
    .execute();
  return years.map((row) => ({ ...row, periods: periods.filter((period) => period.year === row.year) }));
}

/** The period containing `date`, or undefined when no fiscal year covers it. */
export async function findPeriodOfDate(db: Kysely<FinanceDb>, tenantId: string, date: string): Promise<PeriodRow | undefined> {
  return db
    .selectFrom('fiscal_period')
    .select(PERIOD_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`${date}::date between start_date and end_date`)
    .executeTakeFirst();
}

/** How many periods fiscal year `year` has; 0 when the tenant has no such year. One statement, for the hot reports. */
export async function countPeriods(db: Kysely<FinanceDb>, tenantId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('fiscal_period')
    .select((eb) => eb.fn.countAll<string>().as('periods'))
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(row?.periods ?? 0);
}

/** The period covering each of `dates`, by date; a date no period covers is missing from the map. */
export async function findPeriodsOfDates(db: Kysely<FinanceDb>, tenantId: string, dates: readonly string[]): Promise<Map<string, PeriodRow>> {
  const distinct = [...new Set(dates)];
  if (distinct.length === 0) return new Map();
  const { rows } = await sql<PeriodRow & { day: string }>`
    select to_char(d.day, 'YYYY-MM-DD') as day, p.year, p.period, to_char(p.start_date, 'YYYY-MM-DD') as start_date,
      to_char(p.end_date, 'YYYY-MM-DD') as end_date, p.status, p.status_changed_at, p.status_changed_by, p.status_reason
    from unnest(${distinct}::date[]) as d (day)
    join fiscal_period p on p.tenant_id = ${tenantId}::uuid and d.day between p.start_date and p.end_date`.execute(db);
  return new Map(rows.map(({ day, ...period }) => [day, period]));
}

export async function lockPeriod(trx: Transaction<FinanceDb>, tenantId: string, year: number, period: number): Promise<PeriodRow | undefined> {
  return trx
    .selectFrom('fiscal_period')
    .select(PERIOD_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .where('period', '=', period)
    .forUpdate()
    .executeTakeFirst();
}

export interface StatusChange {
  status: PeriodStatus;
  changedAt: Date;
  changedBy: string;
  reason: string | null;
}

export async function setPeriodStatus(trx: Transaction<FinanceDb>, tenantId: string, year: number, period: number, change: StatusChange): Promise<PeriodRow> {
  return trx
    .updateTable('fiscal_period')
    .set({ status: change.status, status_changed_at: change.changedAt, status_changed_by: change.changedBy, status_reason: change.reason })
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .where('period', '=', period)
    .returning(PERIOD_COLUMNS)
    .executeTakeFirstOrThrow();
}
