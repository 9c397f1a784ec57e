import { type Kysely, sql } from 'kysely';
import type { CoreDb } from './schema.js';

/** The calendar a valuation date is read in: a day ends at midnight in Germany, where the books are kept. */
export const VALUATION_TIME_ZONE = 'Europe/Berlin';

export interface LedgerBalance {
  product_id: string;
  sku: string;
  name: string;
  unit: string;
  quantity: string;
  value: string;
}

/**
 * Each product's quantity and cost value at the end of `date`, summed from the ledger alone: what came in
 * counts up, what went out counts down, transfers count neither. Products that net to nothing are left out.
 */
export async function ledgerBalances(db: Kysely<CoreDb>, tenantId: string, date: string): Promise<LedgerBalance[]> {
  const signed = (column: 'quantity' | 'value') =>
    sql<string>`sum(case when m.kind = 'transfer' then 0 when m.to_location_id is not null then m.${sql.raw(column)} else -m.${sql.raw(column)} end)`;
  const { rows } = await sql<LedgerBalance>`
    select m.product_id, p.sku, p.name, p.unit, ${signed('quantity')} as quantity, ${signed('value')} as value
    from stock_movement m
    join product p on p.tenant_id = m.tenant_id and p.id = m.product_id
    where m.tenant_id = ${tenantId}
      and m.at < ((${date}::date + 1)::timestamp at time zone ${VALUATION_TIME_ZONE})
    group by m.product_id, p.sku, p.name, p.unit
    having ${signed('quantity')} <> 0 or ${signed('value')} <> 0
    order by p.sku, m.product_id`.execute(db);
  return rows;
}

/** Today's date in the valuation calendar, as the database's clock has it. */
export async function valuationToday(db: Kysely<CoreDb>): Promise<string> {
  const { rows } = await sql<{ today: string }>`select to_char(now() at time zone ${VALUATION_TIME_ZONE}, 'YYYY-MM-DD') as today`.execute(db);
  return rows[0]?.today ?? '';
}
