import type { CoreOrderCreditNoteIssuedV1, CoreOrderInvoicedV1 } from '@erp/contracts';
import { assertNoProblems, type DocumentPosting, draftHeader, headerProblems, partnerOf, partnerText, skontoTermsOf } from './automatic-posting.js';
import type { AutomaticPostingAccounts } from './automatic-posting-accounts.js';
import { type TaxGroup, toTaxGroups } from './automatic-posting-groups.js';
import type { ExactLine } from './automatic-posting-lines.js';
import type { TaxCode } from './chart.js';
import { Money, ZERO } from './money.js';

type SalesDocument = CoreOrderInvoicedV1 | CoreOrderCreditNoteIssuedV1;

function revenueAccount(accounts: AutomaticPostingAccounts, group: TaxGroup): string {
  const code = group.taxCode?.code ?? '';
  const account = accounts.revenue[code];
  if (!account) throw new Error(`No revenue account for tax code ${code}`);
  return account;
}

/** The revenue lines of a sales document, one per tax group, on `side`; each carries the group's stated tax. */
function revenueLines(groups: readonly TaxGroup[], accounts: AutomaticPostingAccounts, side: 'debit' | 'credit', text: string): ExactLine[] {
  return groups
    .filter((group) => !group.base.isZero())
    .map((group) => ({ account: revenueAccount(accounts, group), side, amount: group.base, taxCode: group.taxCode?.code ?? null, tax: group.tax, text }));
}

function salesGroups(document: SalesDocument, findTaxCode: (code: string) => TaxCode | undefined, date: { field: string; value: string }, dueDate?: string) {
  const problems = headerProblems({
    currency: document.currency,
    exchange_rate: document.exchange_rate,
    date,
    dueDate,
    paymentTerms: 'payment_terms' in document ? document.payment_terms : undefined,
  });
  assertNoProblems(problems);
  return toTaxGroups(document, 'sales', document.customer.country, findTaxCode);
}

/** The gross amount of each tax group, which Skonto on the receivable is split by. */
function taxGroupShares(groups: readonly TaxGroup[]) {
  return groups.map((group) => ({ taxCode: group.taxCode?.code ?? null, gross: group.base.plus(group.statedTax) }));
}

/**
 * A sales invoice: receivable (gross) to revenue per tax code (net) and output tax per rate (as stated), and a
 * receivable open item for the customer with the invoice's Skonto terms.
 */
export function planInvoicePosting(
  invoice: CoreOrderInvoicedV1,
  accounts: AutomaticPostingAccounts,
  findTaxCode: (code: string) => TaxCode | undefined,
): DocumentPosting {
  const groups = salesGroups(invoice, findTaxCode, { field: 'invoice date', value: invoice.invoice_date }, invoice.due_date);
  const gross = new Money(invoice.totals.gross);
  const text = partnerText(invoice.customer);
  const header = draftHeader(invoice.invoice_number, invoice.invoice_date, `Ausgangsrechnung ${invoice.invoice_number} ${invoice.customer.name}`, invoice);
  return {
    draft: {
      ...header,
      lines: [{ account: accounts.receivable, side: 'debit', amount: gross, taxCode: null, text }, ...revenueLines(groups, accounts, 'credit', text)],
    },
    openItem: {
      kind: 'receivable',
      documentType: 'invoice',
      documentId: invoice.invoice_id.toLowerCase(),
      documentNumber: header.documentRef,
      documentDate: invoice.invoice_date,
      dueDate: invoice.due_date,
      partner: partnerOf(invoice.customer),
      currency: invoice.currency,
      amount: gross,
      skonto: skontoTermsOf(invoice.payment_terms, invoice.invoice_date),
      taxGroups: taxGroupShares(groups),
    },
  };
}

/**
 * A credit note: the invoice's posting the other way round with the credit note's amounts, revenue and output
 * tax back against the receivable. Its effect on the invoice's open item is {@link creditNoteSettlement}'s.
 */
export function planCreditNotePosting(
  creditNote: CoreOrderCreditNoteIssuedV1,
  accounts: AutomaticPostingAccounts,
  findTaxCode: (code: string) => TaxCode | undefined,
): DocumentPosting {
  const groups = salesGroups(creditNote, findTaxCode, { field: 'credit note date', value: creditNote.credit_note_date });
  const text = partnerText(creditNote.customer);
  const description = `Gutschrift ${creditNote.credit_note_number} zu ${creditNote.invoice_number} ${creditNote.customer.name}`;
  const header = draftHeader(creditNote.credit_note_number, creditNote.credit_note_date, description, creditNote);
  const receivable: ExactLine = { account: accounts.receivable, side: 'credit', amount: new Money(creditNote.totals.gross), taxCode: null, text };
  return { draft: { ...header, lines: [...revenueLines(groups, accounts, 'debit', text), receivable] }, openItem: null };
}

/**
 * How a credit note of `gross` meets its invoice's open item with `open` left: it lowers the item by as much
 * as is open, and what exceeds that remains a credit of the customer (an open item the company owes).
 */
export function creditNoteSettlement(gross: Money, open: Money): { reduction: Money; surplus: Money } {
  const reduction = Money.min(gross, open);
  const surplus = gross.minus(reduction);
  return { reduction, surplus: surplus.greaterThan(ZERO) ? surplus : ZERO };
}
