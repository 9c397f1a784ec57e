import { type Kysely, sql } from 'kysely';
import type { AccountMovements } from '../domain/trial-balance.js';
import type { AccountBalanceTable, CostCenterBalanceTable, FinanceDb, TaxBalanceTable } from './schema.js';

/**
 * The balances as of the reader's snapshot (migration 2026_11_25_1700): a posting inserts its movements as
 * delta rows, which `compact_balances()` folds into account_balance, cost_center_balance and tax_balance
 * later; each `*_now` view is its balance table plus the deltas not folded in yet, with the same columns and
 * one row per key. Every reader of balances reads these, never the balance tables alone.
 */
export type BalanceViews = {
  account_balance_now: AccountBalanceTable;
  cost_center_balance_now: CostCenterBalanceTable;
  tax_balance_now: TaxBalanceTable;
};

export function withBalanceViews(db: Kysely<FinanceDb>): Kysely<FinanceDb & BalanceViews> {
  return db.withTables<BalanceViews>();
}

/**
 * The movements of every account with postings in periods 1 to `periodTo` of `year`, read from the balances
 * the postings maintain (one row per account and period), never from the journal.
 */
export async function accountMovements(db: Kysely<FinanceDb>, tenantId: string, year: number, periodTo: number): Promise<AccountMovements[]> {
  const rows = await withBalanceViews(db)
    .selectFrom('account_balance_now as b')
    .innerJoin('account as a', (join) => join.onRef('a.tenant_id', '=', 'b.tenant_id').onRef('a.number', '=', 'b.account'))
    .select([
      'b.account',
      'a.name',
      'a.type',
      sql<string>`sum(b.debit)::numeric(20,2)::text`.as('debit'),
      sql<string>`sum(b.credit)::numeric(20,2)::text`.as('credit'),
      sql<string>`(sum(b.debit) filter (where b.period = ${periodTo}))::numeric(20,2)::text`.as('period_debit'),
      sql<string>`(sum(b.credit) filter (where b.period = ${periodTo}))::numeric(20,2)::text`.as('period_credit'),
    ])
    .where('b.tenant_id', '=', tenantId)
    .where('b.fiscal_year', '=', year)
    .where('b.period', '<=', periodTo)
    .groupBy(['b.account', 'a.name', 'a.type'])
    .execute();
  return rows.map((row) => ({
    account: row.account,
    name: row.name,
    type: row.type,
    debit: row.debit,
    credit: row.credit,
    periodDebit: row.period_debit ?? '0.00',
    periodCredit: row.period_credit ?? '0.00',
  }));
}

/**
 * Folds up to `limit` balance deltas of each kind into the balance tables, in one transaction of its own, and
 * returns how many it moved (0 also when another compactor of the database is at work right now).
 */
export async function compactBalanceDeltas(db: Kysely<FinanceDb>, limit: number): Promise<number> {
  const { rows } = await sql<{ moved: number }>`select compact_balances(${limit}::integer) as moved`.execute(db);
  return rows[0]?.moved ?? 0;
}
