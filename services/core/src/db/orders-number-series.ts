import { sql, type Transaction } from 'kysely';
import { type DocumentSeries, formatDocumentNumber } from '../domain/invoice-numbers.js';
import type { CoreDb } from './schema.js';

/**
 * Draws the next number of the tenant's `series` for `year`, creating the series at 1. The series row stays
 * locked until the transaction ends: concurrent drawers wait instead of skipping, and a rollback gives the
 * number back, so invoice and credit-note numbers have no gaps. Draw as late in the transaction as possible,
 * so the lock is held briefly.
 */
export async function drawDocumentNumber(
  trx: Transaction<CoreDb>,
  tenantId: string,
  series: DocumentSeries,
  year: number,
): Promise<{ number: string; value: string }> {
  const { rows } = await sql<{ value: string }>`
    insert into document_series (tenant_id, series, year, next_value)
    values (${tenantId}, ${series}, ${year}, 2)
    on conflict (tenant_id, series, year) do update set next_value = document_series.next_value + 1
    returning (next_value - 1)::text as value`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`Document series ${series} ${year} returned no row`);
  return { number: formatDocumentNumber(series, year, row.value), value: row.value };
}
