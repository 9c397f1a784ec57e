import { type Kysely, sql, type Transaction } from 'kysely';
import type { FinanceDb } from '../db/schema.js';

/**
 * Runs a report's queries in one read-only snapshot of the tenant's ledger (repeatable read), so that a posting
 * committed between two queries (the opening balance and the lines, the P&L and the balance sheet) cannot make
 * the figures of one report disagree with each other.
 */
export async function withReportSnapshot<Result>(
  db: Kysely<FinanceDb>,
  tenantId: string,
  work: (trx: Transaction<FinanceDb>) => Promise<Result>,
): Promise<Result> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
      return work(trx);
    });
}
