import { randomUUID } from 'node:crypto';
import { type CloudEvent, FINANCE_EVENT_TYPES, type FinanceEntryPostedV1, type FinanceEntryReversedV1 } from '@erp/contracts';
import { type ServiceDb, withTenant } from '@erp/kit';
import { applyEntryPosted } from '../../src/db/ledger-entries.js';
import type { AiDb } from '../../src/db/schema.js';
import type { LedgerEntry, LedgerLine } from '../../src/intelligence/ledger/ledger-entry.js';

/** A line factory: debit or credit `amount` on `account`. */
export function debit(account: string, amount: string, extra: Partial<LedgerLine> = {}): Omit<LedgerLine, 'lineNo'> {
  return { account, debit: amount, credit: '0.00', taxCode: null, taxOf: null, text: null, ...extra };
}

export function credit(account: string, amount: string, extra: Partial<LedgerLine> = {}): Omit<LedgerLine, 'lineNo'> {
  return { account, debit: '0.00', credit: amount, taxCode: null, taxOf: null, text: null, ...extra };
}

/** A posted entry with defaults; lines are numbered in order. */
export function ledgerEntry(overrides: Partial<Omit<LedgerEntry, 'lines'>> & { lines: Omit<LedgerLine, 'lineNo'>[] }): LedgerEntry {
  const postingDate = overrides.postingDate ?? '2026-03-02';
  return {
    id: randomUUID(),
    postingDate,
    postedAt: `${postingDate}T09:30:00.000Z`,
    postedBy: 'anna.schmidt',
    documentRef: '',
    description: 'Buchung',
    reversalOf: null,
    reversed: false,
    ...overrides,
    lines: overrides.lines.map((line, index) => ({ ...line, lineNo: index + 1 })),
  };
}

/** The data of `erp.finance.entry.posted.v1` for an entry in euro. */
export function postedData(entry: LedgerEntry, number = 1): FinanceEntryPostedV1 {
  return {
    entry_id: entry.id,
    fiscal_year: Number(entry.postingDate.slice(0, 4)),
    period: Number(entry.postingDate.slice(5, 7)),
    number,
    posting_date: entry.postingDate,
    document_date: entry.postingDate,
    document_ref: entry.documentRef,
    description: entry.description,
    currency: 'EUR',
    exchange_rate: '1.000000',
    reversal_of: entry.reversalOf,
    posted_at: entry.postedAt,
    posted_by: entry.postedBy,
    hash: 'a'.repeat(64),
    lines: entry.lines.map((line) => ({
      line_no: line.lineNo,
      account: line.account,
      debit: line.debit,
      credit: line.credit,
      debit_base: line.debit,
      credit_base: line.credit,
      tax_code: line.taxCode,
      tax_of: line.taxOf,
      text: line.text,
    })),
  };
}

export function postedEvent(tenantId: string, entry: LedgerEntry, id: string = randomUUID()): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/erp/finance',
    type: FINANCE_EVENT_TYPES.entryPosted,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    subject: entry.id,
    tenantid: tenantId,
    data: postedData(entry),
  };
}

export function reversedEvent(tenantId: string, entryId: string, reversalId: string): CloudEvent {
  const data: FinanceEntryReversedV1 = {
    entry_id: entryId,
    reversal_id: reversalId,
    fiscal_year: 2026,
    number: 99,
    reversed_at: new Date().toISOString(),
    reversed_by: 'anna.schmidt',
  };
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/erp/finance',
    type: FINANCE_EVENT_TYPES.entryReversed,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    subject: entryId,
    tenantid: tenantId,
    data,
  };
}

/** Loads entries straight into a tenant's read model, as the consumer would, in one transaction. */
export async function loadLedger(db: ServiceDb<AiDb>, tenantId: string, entries: readonly LedgerEntry[]): Promise<void> {
  await withTenant(db.kysely, tenantId, async (trx) => {
    for (const entry of entries) await applyEntryPosted(trx, tenantId, postedData(entry));
  });
}

/** A bank payment of an expense with 19 % input tax (SKR03): expense and tax debited, bank credited. */
export function bankPayment(options: {
  description: string;
  gross: string;
  expense: string;
  date: string;
  taxCode?: string | null;
  postedAt?: string;
  postedBy?: string;
}) {
  const taxCode = options.taxCode === undefined ? 'VSt19' : options.taxCode;
  const grossCents = Math.round(Number(options.gross) * 100);
  const netCents = taxCode ? Math.round(grossCents / 1.19) : grossCents;
  const cents = (value: number) => (value / 100).toFixed(2);
  const lines = taxCode
    ? [
        debit(options.expense, cents(netCents), { taxCode, text: options.description }),
        debit('1576', cents(grossCents - netCents), { taxOf: 1 }),
        credit('1200', cents(grossCents), { text: options.description }),
      ]
    : [debit(options.expense, cents(grossCents), { text: options.description }), credit('1200', cents(grossCents), { text: options.description })];
  return ledgerEntry({
    postingDate: options.date,
    description: options.description,
    lines,
    ...(options.postedAt ? { postedAt: options.postedAt } : {}),
    ...(options.postedBy ? { postedBy: options.postedBy } : {}),
  });
}

/**
 * A small learned history for the suggestion routes: four months of a phone bill, three of diesel, and one
 * office-supplies invoice from `officeSupplier`.
 */
export function phoneFuelAndOfficeHistory(officeSupplier: string): LedgerEntry[] {
  return [
    ...['01', '02', '03', '04'].map((month) =>
      bankPayment({ description: `Telekom Deutschland Mobilfunk ${month}/2026`, gross: '119.00', expense: '4920', date: `2026-${month}-05` }),
    ),
    ...['01', '02', '03'].map((month) =>
      bankPayment({ description: `ARAL Tankstelle Diesel ${month}`, gross: '80.00', expense: '4530', date: `2026-${month}-12` }),
    ),
    ledgerEntry({ description: `${officeSupplier} Rechnung 2026-1`, lines: [debit('4930', '100.00', { text: 'Toner Papier' }), credit('1600', '100.00')] }),
  ];
}
