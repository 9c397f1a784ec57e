import { type Kysely, sql } from 'kysely';
import type { CostCenterDimension } from '../domain/cost-center.js';
import type { CostCenterMovement } from '../domain/cost-center-report.js';
import type { AccountTotal } from '../domain/hgb-positions.js';
import type { TaxMovement } from '../domain/vat-return.js';
import { withBalanceViews } from './balances.js';
import type { FinanceDb } from './schema.js';

/** Periods `from` to `to` of a fiscal year. */
export interface PeriodRange {
  year: number;
  from: number;
  to: number;
}

const total = (column: 'b.debit' | 'b.credit') => sql<string>`sum(${sql.ref(column)})::numeric(20,2)::text`;

/**
 * Every account's summed movements over the periods, from the balances the postings maintain (`balances.ts`). The closing
 * entries of a year-end closing are left out (their lines subtracted again), so a closed year's statements still
 * show its result in the P&L and in equity; the trial balance, the general ledger and the journal show them.
 */
export async function accountTotals(db: Kysely<FinanceDb>, tenantId: string, range: PeriodRange): Promise<AccountTotal[]> {
  const { rows } = await sql<AccountTotal>`
    select m.account, a.name, a.type, sum(m.debit)::numeric(20,2)::text as debit, sum(m.credit)::numeric(20,2)::text as credit
    from (
      select b.account, b.debit, b.credit from account_balance_now b
      where b.tenant_id = ${tenantId} and b.fiscal_year = ${range.year} and b.period between ${range.from} and ${range.to}
      union all
      select l.account, -l.debit_base, -l.credit_base from fiscal_year_closing c
      join journal_entry e on e.tenant_id = c.tenant_id and e.id = any (c.closing_entry_ids)
      join journal_line l on l.tenant_id = e.tenant_id and l.entry_id = e.id
      where c.tenant_id = ${tenantId} and c.year = ${range.year} and e.period between ${range.from} and ${range.to}
    ) m
    join account a on a.tenant_id = ${tenantId} and a.number = m.account
    group by m.account, a.name, a.type
    having sum(m.debit) <> 0 or sum(m.credit) <> 0
    order by m.account`.execute(db);
  return rows;
}

/** The movements per cost centre of one dimension and account over the periods. */
export async function costCenterMovements(
  db: Kysely<FinanceDb>,
  tenantId: string,
  range: PeriodRange,
  dimension: CostCenterDimension,
): Promise<CostCenterMovement[]> {
  const rows = await withBalanceViews(db)
    .selectFrom('cost_center_balance_now as b')
    .innerJoin('account as a', (join) => join.onRef('a.tenant_id', '=', 'b.tenant_id').onRef('a.number', '=', 'b.account'))
    .select(['b.cost_center', 'b.account', 'a.type', total('b.debit').as('debit'), total('b.credit').as('credit')])
    .where('b.tenant_id', '=', tenantId)
    .where('b.fiscal_year', '=', range.year)
    .where('b.period', '>=', range.from)
    .where('b.period', '<=', range.to)
    .where('b.dimension', '=', dimension)
    .groupBy(['b.cost_center', 'b.account', 'a.type'])
    .execute();
  return rows.map((row) => ({ costCenter: row.cost_center, account: row.account, type: row.type, debit: row.debit, credit: row.credit }));
}

/** The movements per tax code and account over the periods, base lines and tax lines apart. */
export async function taxMovements(db: Kysely<FinanceDb>, tenantId: string, range: PeriodRange): Promise<TaxMovement[]> {
  const rows = await withBalanceViews(db)
    .selectFrom('tax_balance_now as b')
    .select(['b.tax_code', 'b.account', 'b.tax_line', total('b.debit').as('debit'), total('b.credit').as('credit')])
    .where('b.tenant_id', '=', tenantId)
    .where('b.fiscal_year', '=', range.year)
    .where('b.period', '>=', range.from)
    .where('b.period', '<=', range.to)
    .groupBy(['b.tax_code', 'b.account', 'b.tax_line'])
    .execute();
  return rows.map((row) => ({ taxCode: row.tax_code, account: row.account, taxLine: row.tax_line, debit: row.debit, credit: row.credit }));
}
