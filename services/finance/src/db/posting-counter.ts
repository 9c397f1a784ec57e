import type { Transaction } from 'kysely';
import type { FinanceDb } from './schema.js';

export interface CounterState {
  lastNumber: number;
  lastHash: string;
}

/**
 * Locks the fiscal year's counter row until the transaction ends. Every posting of the year waits here, so
 * numbers are handed out one after another and a rolled-back posting gives its number back: gap-free.
 */
export async function lockCounter(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<CounterState> {
  const row = await trx
    .selectFrom('posting_counter')
    .select(['last_number', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastNumber: row.last_number, lastHash: row.last_hash };
}

export async function advanceCounter(trx: Transaction<FinanceDb>, tenantId: string, year: number, state: CounterState): Promise<void> {
  await trx
    .updateTable('posting_counter')
    .set({ last_number: state.lastNumber, last_hash: state.lastHash })
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .execute();
}

/** The counter without a lock: the head of the chain as last committed. */
export async function readCounter(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<CounterState | undefined> {
  const row = await trx
    .selectFrom('posting_counter')
    .select(['last_number', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .executeTakeFirst();
  return row ? { lastNumber: row.last_number, lastHash: row.last_hash } : undefined;
}
