import Type, { type Static } from 'typebox';
import { linesOf } from '../db/journal-lines.js';
import { type JournalEntryRow, journalEntries, journalLineCount } from '../db/report-lines.js';
import { type LedgerLine, ledgerLineFields } from '../domain/entry.js';
import { formatAmount, Money, sum } from '../domain/money.js';
import { ReportTooLargeError } from '../errors.js';
import type { LedgerContext } from '../ledger/context.js';
import { EntryLine } from '../routes/entry-schemas.js';
import { Nullable } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { assertDateOrder } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';

/** The most lines one journal report returns; a longer range is refused with 422. */
export const JOURNAL_MAX_LINES = 10_000;

const Entry = Type.Object({
  id: Type.String(),
  fiscal_year: Type.Integer(),
  period: Type.Integer(),
  number: Type.Integer(),
  posting_date: Type.String(),
  document_date: Type.String(),
  document_ref: Type.String(),
  description: Type.String(),
  currency: Type.String(),
  exchange_rate: Type.String(),
  reversal_of: Nullable(Type.String()),
  posted_at: Type.String(),
  posted_by: Type.String(),
  hash: Type.String(),
  lines: Type.Array(EntryLine),
});

export const JournalSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  currency: Type.Literal('EUR'),
  entries: Type.Array(Entry),
  totals: Type.Object({ debit: Type.String(), credit: Type.String() }),
});
export type Journal = Static<typeof JournalSchema>;

/** The journal: entries in number order with their lines, and the euro totals of all lines. */
export function toJournal(dates: { from: string; to: string }, entries: readonly JournalEntryRow[], lines: ReadonlyMap<string, LedgerLine[]>): Journal {
  const withLines = entries.map((entry) => ({ ...entry, posted_at: entry.posted_at.toISOString(), lines: (lines.get(entry.id) ?? []).map(ledgerLineFields) }));
  const all = withLines.flatMap((entry) => entry.lines);
  return {
    ...dates,
    currency: 'EUR',
    entries: withLines,
    totals: {
      debit: formatAmount(sum(all.map((line) => new Money(line.debit_base)))),
      credit: formatAmount(sum(all.map((line) => new Money(line.credit_base)))),
    },
  };
}

/**
 * The journal (Journal, Primanota) of the posted entries dated from `from` to `to`, in journal order (fiscal
 * year, then number), with every line; at most {@link JOURNAL_MAX_LINES} lines, counted before anything is read.
 */
export async function readJournal(context: LedgerContext, tenantId: string, dates: { from: string; to: string }): Promise<Journal> {
  assertDateOrder(dates);
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    if ((await journalLineCount(trx, tenantId, dates)) > JOURNAL_MAX_LINES) throw new ReportTooLargeError(JOURNAL_MAX_LINES);
    const entries = await journalEntries(trx, tenantId, dates);
    const lines = await linesOf(
      trx,
      tenantId,
      entries.map((entry) => entry.id),
    );
    return toJournal(dates, entries, lines);
  });
}

const HEADER = [
  'fiscal_year',
  'number',
  'posting_date',
  'document_date',
  'document_ref',
  'description',
  'currency',
  'exchange_rate',
  'reversal_of',
  'line_no',
  'account',
  'debit',
  'credit',
  'debit_base',
  'credit_base',
  'tax_code',
  'tax_of',
  'text',
  'cost_center',
  'cost_center_2',
];

/** One row per line, each with its entry's header. */
export function journalCsv(journal: Journal): string {
  const rows = journal.entries.flatMap((entry) =>
    entry.lines.map((line) => [
      entry.fiscal_year,
      entry.number,
      entry.posting_date,
      entry.document_date,
      entry.document_ref,
      entry.description,
      entry.currency,
      amountCell(entry.exchange_rate),
      entry.reversal_of,
      line.line_no,
      line.account,
      amountCell(line.debit),
      amountCell(line.credit),
      amountCell(line.debit_base),
      amountCell(line.credit_base),
      line.tax_code,
      line.tax_of,
      line.text,
      line.cost_center,
      line.cost_center_2,
    ]),
  );
  return toCsv(HEADER, rows);
}
