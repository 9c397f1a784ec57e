import type { CoreDocumentPartner, CorePaymentTerms, ProblemFieldError } from '@erp/contracts';
import { InvalidEventError, withFieldErrors } from '../errors.js';
import type { ExactDraft } from './automatic-posting-lines.js';
import { toLedgerText } from './automatic-posting-lines.js';
import type { Money } from './money.js';
import { Money as MoneyValue } from './money.js';
import { addDays, type OpenItemDocumentType, type OpenItemKind } from './open-item.js';
import type { TaxGroupShare } from './skonto.js';

/** An open item an automatic posting opens, before it has an id and its entry. */
export interface OpenItemPlan {
  readonly kind: OpenItemKind;
  readonly documentType: OpenItemDocumentType;
  readonly documentId: string;
  readonly documentNumber: string;
  readonly documentDate: string;
  readonly dueDate: string;
  readonly partner: { readonly id: string; readonly number: string; readonly name: string };
  readonly currency: string;
  readonly amount: Money;
  readonly skonto: { readonly percent: Money; readonly days: number; readonly until: string } | null;
  readonly taxGroups: readonly TaxGroupShare[];
}

/** What an automatic posting books, and the open item it opens (none for a goods receipt or a credit note). */
export interface DocumentPosting {
  readonly draft: ExactDraft;
  readonly openItem: OpenItemPlan | null;
}

/** A document's header as the checks below need it. */
export interface DocumentHeader {
  readonly currency: string;
  readonly exchange_rate: string | null;
  readonly date: { readonly field: string; readonly value: string };
  readonly dueDate?: string | undefined;
  readonly paymentTerms?: CorePaymentTerms | undefined;
}

/** Checks what every document needs: a rate for a foreign currency, none other than 1 for EUR, a due date not before its date. */
export function headerProblems(header: DocumentHeader): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  const rate = header.exchange_rate;
  if (header.currency !== 'EUR' && rate === null)
    problems.push({ pointer: '/data/exchange_rate', detail: `A document in ${header.currency} needs its exchange rate.` });
  if (header.currency === 'EUR' && rate !== null && !new MoneyValue(rate).equals(1)) {
    problems.push({ pointer: '/data/exchange_rate', detail: 'EUR is the base currency; its rate is 1 or null.' });
  }
  if (header.dueDate !== undefined && header.dueDate < header.date.value) {
    problems.push({ pointer: '/data/due_date', detail: `The due date lies before the ${header.date.field}.` });
  }
  const terms = header.paymentTerms;
  if (terms && (terms.skonto_percent === null) !== (terms.skonto_days === null)) {
    problems.push({ pointer: '/data/payment_terms', detail: 'Skonto needs both its percent and its days, or neither.' });
  }
  return problems;
}

/** Throws FIN_INVALID_EVENT when any problem was found. */
export function assertNoProblems(problems: readonly ProblemFieldError[]): void {
  if (problems.length > 0) throw withFieldErrors(InvalidEventError, [...problems], problems.length);
}

/** The Skonto terms of an open item, or null when the document offers none (or 0 %). */
export function skontoTermsOf(terms: CorePaymentTerms, documentDate: string): OpenItemPlan['skonto'] {
  if (terms.skonto_percent === null || terms.skonto_days === null) return null;
  const percent = new MoneyValue(terms.skonto_percent);
  return percent.isZero() ? null : { percent, days: terms.skonto_days, until: addDays(documentDate, terms.skonto_days) };
}

/** The partner as the ledger texts and open items show it. */
export function partnerOf(partner: CoreDocumentPartner): OpenItemPlan['partner'] {
  return { id: partner.id.toLowerCase(), number: toLedgerText(partner.number, 40), name: toLedgerText(partner.name, 200) };
}

/** The text of a partner's line: number and name. */
export function partnerText(partner: CoreDocumentPartner): string {
  return toLedgerText(`${partner.number} ${partner.name}`, 200);
}

/** The header of an automatic posting in the ledger's limits (Beleg 36 characters, text 200). */
export function draftHeader(
  documentNumber: string,
  date: string,
  description: string,
  header: Pick<DocumentHeader, 'currency' | 'exchange_rate'>,
): Omit<ExactDraft, 'lines'> {
  return {
    postingDate: date,
    documentDate: date,
    documentRef: toLedgerText(documentNumber, 36),
    description: toLedgerText(description, 200),
    currency: header.currency,
    exchangeRate: header.exchange_rate ?? '1',
  };
}
