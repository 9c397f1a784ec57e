import { type Kysely, sql } from 'kysely';
import type { AccountMovements } from '../domain/trial-balance.js';
import type { FinanceDb } from './schema.js';

/**
 * The movements of every account with postings in periods 1 to `periodTo` of `year`, read from the balance
 * table the postings maintain (one row per account and period), never from the journal.
 */
export async function accountMovements(db: Kysely<FinanceDb>, tenantId: string, year: number, periodTo: number): Promise<AccountMovements[]> {
  const rows = await db
    .selectFrom('account_balance as b')
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
