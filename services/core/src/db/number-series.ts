import { sql, type Transaction } from 'kysely';
import { formatPartnerNumber, NUMBER_SERIES, type PartnerRole } from '../domain/number-series.js';
import type { CoreDb } from './schema.js';

/**
 * Draws the next number of the tenant's series for `role`, creating the series at its first number. The
 * series row stays locked until the transaction ends, so concurrent drawers wait instead of skipping, and a
 * rollback returns the number: the series stays gap-free.
 */
export async function drawPartnerNumber(trx: Transaction<CoreDb>, tenantId: string, role: PartnerRole): Promise<{ number: string; value: string }> {
  const start = NUMBER_SERIES[role];
  const { rows } = await sql<{ prefix: string; value: string }>`
    insert into number_series (tenant_id, name, prefix, next_value)
    values (${tenantId}, ${role}, ${start.prefix}, ${start.first + 1})
    on conflict (tenant_id, name) do update set next_value = number_series.next_value + 1
    returning prefix, (next_value - 1)::text as value`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`Number series ${role} returned no row`);
  return { number: formatPartnerNumber(row.prefix, row.value), value: row.value };
}
