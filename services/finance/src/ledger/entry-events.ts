import { FINANCE_EVENT_TYPES, type FinanceEntryPostedV1, type FinanceEntryReversedV1 } from '@erp/contracts';
import type { EventInput } from '@erp/kit';
import type { SealedEntry } from '../domain/entry-seal.js';

/** The CloudEvents source of every finance event. */
export const EVENT_SOURCE = '/erp/finance';

export function entryPostedEvent(entry: SealedEntry, period: number, hash: string, traceparent: string | undefined): EventInput<FinanceEntryPostedV1> {
  return {
    type: FINANCE_EVENT_TYPES.entryPosted,
    subject: entry.id,
    tenantId: entry.tenantId,
    traceparent,
    data: {
      entry_id: entry.id,
      fiscal_year: entry.fiscalYear,
      period,
      number: entry.number,
      posting_date: entry.postingDate,
      document_date: entry.documentDate,
      document_ref: entry.documentRef,
      description: entry.description,
      currency: entry.currency,
      exchange_rate: entry.exchangeRate,
      reversal_of: entry.reversalOf,
      posted_at: entry.postedAt,
      posted_by: entry.postedBy,
      hash,
      lines: entry.lines.map((line) => ({
        line_no: line.lineNo,
        account: line.account,
        debit: line.debit,
        credit: line.credit,
        debit_base: line.debitBase,
        credit_base: line.creditBase,
        tax_code: line.taxCode,
        tax_of: line.taxOf,
        text: line.text,
      })),
    },
  };
}

export function entryReversedEvent(originalId: string, reversal: SealedEntry, traceparent: string | undefined): EventInput<FinanceEntryReversedV1> {
  return {
    type: FINANCE_EVENT_TYPES.entryReversed,
    subject: originalId,
    tenantId: reversal.tenantId,
    traceparent,
    data: {
      entry_id: originalId,
      reversal_id: reversal.id,
      fiscal_year: reversal.fiscalYear,
      number: reversal.number,
      reversed_at: reversal.postedAt,
      reversed_by: reversal.postedBy,
    },
  };
}
