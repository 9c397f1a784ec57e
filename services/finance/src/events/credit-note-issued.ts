import { randomUUID } from 'node:crypto';
import { CORE_DOCUMENT_EVENT_TYPES, CoreOrderCreditNoteIssuedV1, type ProblemFieldError } from '@erp/contracts';
import type { Transaction } from 'kysely';
import { insertSettlement, lockDocumentItem, type OpenItemRow } from '../db/open-items.js';
import type { FinanceDb } from '../db/schema.js';
import { assertNoProblems, partnerOf } from '../domain/automatic-posting.js';
import { automaticPostingAccounts } from '../domain/automatic-posting-accounts.js';
import { creditNoteSettlement, planCreditNotePosting } from '../domain/automatic-posting-sales.js';
import { formatAmount, Money } from '../domain/money.js';
import { OriginalInvoiceUnknownError } from '../errors.js';
import type { Actor } from '../ledger/context.js';
import type { EventBooking } from './booking.js';
import { openItemFor, postDocument, taxCodeFinder } from './post-document.js';

async function lockInvoiceOf(trx: Transaction<FinanceDb>, tenantId: string, creditNote: CoreOrderCreditNoteIssuedV1): Promise<OpenItemRow> {
  const invoice = await lockDocumentItem(trx, tenantId, { kind: 'receivable', documentType: 'invoice', documentId: creditNote.invoice_id.toLowerCase() });
  if (!invoice) throw new OriginalInvoiceUnknownError(creditNote.invoice_id);
  const problems: ProblemFieldError[] = [];
  if (invoice.currency !== creditNote.currency) problems.push({ pointer: '/data/currency', detail: `The invoice is in ${invoice.currency}.` });
  if (invoice.partner_id !== creditNote.customer.id.toLowerCase())
    problems.push({ pointer: '/data/customer/id', detail: 'The invoice belongs to another customer.' });
  assertNoProblems(problems);
  return invoice;
}

/** Lowers the invoice's open item by the credit note and keeps what exceeds it as the customer's credit. */
async function settleInvoice(
  trx: Transaction<FinanceDb>,
  actor: Actor,
  creditNote: CoreOrderCreditNoteIssuedV1,
  invoice: OpenItemRow,
  entryId: string,
): Promise<void> {
  const { reduction, surplus } = creditNoteSettlement(new Money(creditNote.totals.gross), new Money(invoice.open_amount));
  const creditNoteId = creditNote.credit_note_id.toLowerCase();
  if (!reduction.isZero()) {
    const settlement = { id: randomUUID(), openItemId: invoice.id, source: { creditNoteId }, amount: formatAmount(reduction), skontoAmount: '0.00' };
    await insertSettlement(trx, actor.tenantId, { ...settlement, settledOn: creditNote.credit_note_date, entryId });
  }
  if (surplus.isZero()) return;
  const plan = {
    kind: 'receivable' as const,
    documentType: 'credit_note' as const,
    documentId: creditNoteId,
    documentNumber: creditNote.credit_note_number,
    documentDate: creditNote.credit_note_date,
    dueDate: creditNote.credit_note_date,
    partner: partnerOf(creditNote.customer),
    currency: creditNote.currency,
    amount: surplus,
    skonto: null,
    taxGroups: [],
  };
  await openItemFor(trx, actor.tenantId, plan, entryId);
}

/**
 * `erp.core.order.credit_note_issued.v1`: revenue and output tax back against the receivable, with the credit
 * note's amounts, and the invoice's open item lowered. A credit note that arrives before its invoice is parked
 * and booked as soon as the invoice is.
 */
export const creditNoteIssued: EventBooking<CoreOrderCreditNoteIssuedV1> = {
  type: CORE_DOCUMENT_EVENT_TYPES.creditNoteIssued,
  schema: CoreOrderCreditNoteIssuedV1,
  documentId: (creditNote) => creditNote.credit_note_id.toLowerCase(),
  relatedDocumentId: (creditNote) => creditNote.invoice_id.toLowerCase(),
  async book(trx, context, actor, creditNote, chart) {
    const invoice = await lockInvoiceOf(trx, actor.tenantId, creditNote);
    const posting = planCreditNotePosting(creditNote, automaticPostingAccounts(chart), await taxCodeFinder(trx, actor.tenantId));
    const entryId = await postDocument(trx, context, actor, posting);
    await settleInvoice(trx, actor, creditNote, invoice, entryId);
    return entryId;
  },
};
