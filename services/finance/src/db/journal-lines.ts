import type { Kysely, Transaction } from 'kysely';
import { type LedgerLine, ledgerLineFields } from '../domain/entry.js';
import type { FinanceDb, JournalLineTable } from './schema.js';

type LineRow = Omit<JournalLineTable, 'tenant_id'>;

export function lineRowToLine(row: LineRow): LedgerLine {
  return {
    lineNo: row.line_no,
    account: row.account,
    debit: row.debit,
    credit: row.credit,
    debitBase: row.debit_base,
    creditBase: row.credit_base,
    taxCode: row.tax_code,
    taxOf: row.tax_of,
    text: row.text,
    costCenter: row.cost_center,
    costCenter2: row.cost_center_2,
  };
}

export async function insertLines(trx: Transaction<FinanceDb>, tenantId: string, entryId: string, lines: readonly LedgerLine[]): Promise<void> {
  await insertLinesOfEntries(trx, tenantId, [{ entryId, lines }]);
}

/** The lines of several entries in one statement. */
export async function insertLinesOfEntries(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  entries: readonly { entryId: string; lines: readonly LedgerLine[] }[],
): Promise<void> {
  const rows = entries.flatMap(({ entryId, lines }) =>
    lines.map((line) => ({
      tenant_id: tenantId,
      entry_id: entryId,
      ...ledgerLineFields(line),
    })),
  );
  if (rows.length > 0) await trx.insertInto('journal_line').values(rows).execute();
}

/** The lines of each of `entryIds`, in line order. */
export async function linesOf(db: Kysely<FinanceDb>, tenantId: string, entryIds: readonly string[]): Promise<Map<string, LedgerLine[]>> {
  const byEntry = new Map<string, LedgerLine[]>(entryIds.map((id) => [id, []]));
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .selectFrom('journal_line')
    .select(['entry_id', 'line_no', 'account', 'debit', 'credit', 'debit_base', 'credit_base', 'tax_code', 'tax_of', 'text', 'cost_center', 'cost_center_2'])
    .where('tenant_id', '=', tenantId)
    .where('entry_id', 'in', [...entryIds])
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  for (const row of rows) byEntry.get(row.entry_id)?.push(lineRowToLine(row));
  return byEntry;
}
