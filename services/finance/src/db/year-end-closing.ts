import type { Kysely, Transaction } from 'kysely';
import type { PeriodStatus } from '../domain/period-status.js';
import type { FinanceDb, FiscalYearClosingTable } from './schema.js';

export type ClosingRow = Omit<FiscalYearClosingTable, 'tenant_id'>;

const CLOSING_COLUMNS = ['year', 'next_year', 'result', 'closing_entry_ids', 'opening_entry_ids', 'reason', 'closed_at', 'closed_by'] as const;

export async function findClosing(db: Kysely<FinanceDb>, tenantId: string, year: number): Promise<ClosingRow | undefined> {
  return db.selectFrom('fiscal_year_closing').select(CLOSING_COLUMNS).where('tenant_id', '=', tenantId).where('year', '=', year).executeTakeFirst();
}

export async function insertClosing(trx: Transaction<FinanceDb>, tenantId: string, closing: ClosingRow): Promise<void> {
  await trx
    .insertInto('fiscal_year_closing')
    .values({ tenant_id: tenantId, ...closing })
    .execute();
}

/**
 * Locks every period of the year until the transaction ends, so that no period is reopened and nothing is
 * posted into the year while it is being closed; a second closing of the same year waits here and then finds
 * the first. Returns the periods in order, none when the year does not exist.
 */
export async function lockYearPeriods(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<{ period: number; status: PeriodStatus }[]> {
  return trx
    .selectFrom('fiscal_period')
    .select(['period', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .orderBy('period')
    .forUpdate()
    .execute();
}
