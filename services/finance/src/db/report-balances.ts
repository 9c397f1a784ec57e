import { type Kysely, sql } from 'kysely';
import type { CostCenterDimension } from '../domain/cost-center.js';
import type { CostCenterMovement } from '../domain/cost-center-report.js';
import type { AccountTotal } from '../domain/hgb-positions.js';
import type { TaxMovement } from '../domain/vat-return.js';
import type { FinanceDb } from './schema.js';

/** Periods `from` to `to` of a fiscal year. */
export interface PeriodRange {
  year: number;
  from: number;
  to: number;
}

const total = (column: 'b.debit' | 'b.credit') => sql<string>`sum(${sql.ref(column)})::numeric(20,2)::text`;

/** Every account's summed movements over the periods, from the balance table the postings maintain. */
export async function accountTotals(db: Kysely<FinanceDb>, tenantId: string, range: PeriodRange): Promise<AccountTotal[]> {
  const rows = await db
    .selectFrom('account_balance as b')
    .innerJoin('account as a', (join) => join.onRef('a.tenant_id', '=', 'b.tenant_id').onRef('a.number', '=', 'b.account'))
    .select(['b.account', 'a.name', 'a.type', total('b.debit').as('debit'), total('b.credit').as('credit')])
    .where('b.tenant_id', '=', tenantId)
    .where('b.fiscal_year', '=', range.year)
    .where('b.period', '>=', range.from)
    .where('b.period', '<=', range.to)
    .groupBy(['b.account', 'a.name', 'a.type'])
    .orderBy('b.account')
    .execute();
  return rows;
}

/** The movements per cost centre of one dimension and account over the periods. */
export async function costCenterMovements(
  db: Kysely<FinanceDb>,
  tenantId: string,
  range: PeriodRange,
  dimension: CostCenterDimension,
): Promise<CostCenterMovement[]> {
  const rows = await db
    .selectFrom('cost_center_balance as b')
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
  const rows = await db
    .selectFrom('tax_balance as b')
    .select(['b.tax_code', 'b.account', 'b.tax_line', total('b.debit').as('debit'), total('b.credit').as('credit')])
    .where('b.tenant_id', '=', tenantId)
    .where('b.fiscal_year', '=', range.year)
    .where('b.period', '>=', range.from)
    .where('b.period', '<=', range.to)
    .groupBy(['b.tax_code', 'b.account', 'b.tax_line'])
    .execute();
  return rows.map((row) => ({ taxCode: row.tax_code, account: row.account, taxLine: row.tax_line, debit: row.debit, credit: row.credit }));
}
