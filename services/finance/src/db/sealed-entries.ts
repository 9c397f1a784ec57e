import { type Kysely, sql } from 'kysely';
import type { StoredSeal } from '../domain/entry-seal.js';
import { linesOf } from './journal-lines.js';
import type { FinanceDb } from './schema.js';

/** A stored seal with the version of the canonical form it was computed over. */
export interface VersionedSeal extends StoredSeal {
  readonly sealVersion: number;
}

/** The posted entries numbered `from` to `to` of a fiscal year, as their seals cover them, in number order. */
export async function sealedEntries(db: Kysely<FinanceDb>, tenantId: string, year: number, from: number, to: number): Promise<VersionedSeal[]> {
  const rows = await db
    .selectFrom('journal_entry')
    .select([
      'tenant_id',
      'id',
      'fiscal_year',
      'number',
      sql<string>`to_char(posting_date, 'YYYY-MM-DD')`.as('posting_date'),
      sql<string>`to_char(document_date, 'YYYY-MM-DD')`.as('document_date'),
      'document_ref',
      'description',
      'currency',
      'exchange_rate',
      'reversal_of',
      'posted_at',
      'posted_by',
      'seal_version',
      'previous_hash',
      'hash',
    ])
    .where('tenant_id', '=', tenantId)
    .where('fiscal_year', '=', year)
    .where('status', '=', 'posted')
    .where('number', '>=', from)
    .where('number', '<=', to)
    .orderBy('number')
    .execute();
  const lines = await linesOf(
    db,
    tenantId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    sealVersion: row.seal_version ?? 0,
    previousHash: row.previous_hash ?? '',
    hash: row.hash ?? '',
    entry: {
      tenantId: row.tenant_id,
      id: row.id,
      fiscalYear: row.fiscal_year ?? 0,
      number: row.number ?? 0,
      postingDate: row.posting_date,
      documentDate: row.document_date,
      documentRef: row.document_ref,
      description: row.description,
      currency: row.currency,
      exchangeRate: row.exchange_rate,
      reversalOf: row.reversal_of,
      postedAt: row.posted_at?.toISOString() ?? '',
      postedBy: row.posted_by ?? '',
      lines: lines.get(row.id) ?? [],
    },
  }));
}

/** The first posted entry of the year numbered above `lastNumber`, which no seal of the counter's chain covers. */
export async function findEntryBeyond(
  db: Kysely<FinanceDb>,
  tenantId: string,
  year: number,
  lastNumber: number,
): Promise<{ id: string; number: number } | undefined> {
  const row = await db
    .selectFrom('journal_entry')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('fiscal_year', '=', year)
    .where('status', '=', 'posted')
    .where('number', '>', lastNumber)
    .orderBy('number')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, number: row.number ?? 0 } : undefined;
}
