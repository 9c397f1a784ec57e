import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** A line for {@link postDirectly}: account, debit, credit (euro, also the base amounts). */
export type DirectLine = [account: string, debit: string, credit: string];

/**
 * Posts an entry with plain SQL, the way the service does (a draft, its lines, then the posting update), in
 * one transaction of `client`. The seal is a dummy: this goes around the service on purpose.
 */
export async function postDirectly(
  client: pg.Client,
  tenantId: string,
  entry: { date: string; year: number; period: number; number: number; lines: DirectLine[]; post?: boolean },
): Promise<string> {
  const id = randomUUID();
  await client.query('begin');
  try {
    await client.query(
      `insert into journal_entry (tenant_id, id, posting_date, document_date, document_ref, description, currency, exchange_rate, created_by)
       values ($1, $2, $3, $3, 'SQL-1', 'around the service', 'EUR', 1, 'sql')`,
      [tenantId, id, entry.date],
    );
    for (const [index, [account, debit, credit]] of entry.lines.entries()) {
      await client.query(
        `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base) values ($1, $2, $3, $4, $5, $6, $5, $6)`,
        [tenantId, id, index + 1, account, debit, credit],
      );
    }
    if (entry.post !== false) {
      await client.query(
        `update journal_entry set status = 'posted', fiscal_year = $3, period = $4, number = $5, posted_at = now(), posted_by = 'sql',
           seal_version = 1, previous_hash = repeat('0', 64), hash = repeat('a', 64) where tenant_id = $1 and id = $2`,
        [tenantId, id, entry.year, entry.period, entry.number],
      );
    }
    await client.query('commit');
    return id;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
