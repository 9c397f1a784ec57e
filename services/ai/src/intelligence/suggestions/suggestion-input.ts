import { Decimal } from 'decimal.js';
import { amountBandToken, tokenise } from '../text/normalise.js';
import { type ExtractedInvoice, extractInvoiceFields } from './invoice-text.js';
import type { SuggestionQuery } from './rank.js';

export interface BankTransactionInput {
  readonly kind: 'bank_transaction';
  readonly counterparty: string;
  readonly purpose: string;
  /** Signed decimal: negative for money going out. */
  readonly amount: string;
  readonly date: string;
  readonly iban?: string | undefined;
  readonly bankAccount?: string | undefined;
}

export interface IncomingInvoiceInput {
  readonly kind: 'incoming_invoice';
  readonly supplier?: string | undefined;
  /** Free text of the invoice (OCR or e-mail body). */
  readonly text?: string | undefined;
  readonly invoiceNumber?: string | undefined;
  readonly amountGross?: string | undefined;
  readonly date?: string | undefined;
}

export interface DraftEntryInput {
  readonly kind: 'draft_entry';
  readonly description: string;
  readonly amount?: string | undefined;
  /** An account the draft already has; proposals then complete the pair. */
  readonly account?: string | undefined;
}

export type SuggestionInput = BankTransactionInput | IncomingInvoiceInput | DraftEntryInput;

/** The fields of an invoice as the answer shows them, and whether a language model or the patterns read its text. */
export interface InvoiceReading extends ExtractedInvoice {
  readonly source: 'llm' | 'patterns';
}

/** The model's query for an input, the amount it carries (exact, unsigned), and what was read from free text. */
export interface PreparedQuery {
  readonly query: SuggestionQuery;
  readonly amount: string | null;
  readonly extracted: InvoiceReading | null;
}

const unsigned = (amount: string) => new Decimal(amount).abs().toFixed(2);

/**
 * The invoice's fields: what the client gave wins, then what a language model read (when one did), then the
 * patterns. The patterns' reading is complete, so every field has its best known value or null.
 */
export function mergeInvoiceFields(input: IncomingInvoiceInput, modelRead: Partial<ExtractedInvoice> | undefined, patterns: ExtractedInvoice): InvoiceReading {
  const read = { ...patterns, ...modelRead };
  return {
    supplier: input.supplier ?? read.supplier,
    invoiceNumber: input.invoiceNumber ?? read.invoiceNumber,
    amountGross: input.amountGross ? unsigned(input.amountGross) : read.amountGross,
    date: input.date ?? read.date,
    iban: read.iban,
    taxRatePercent: read.taxRatePercent,
    // A reading whose every field failed the checks against the text contributed nothing.
    source: modelRead && Object.keys(modelRead).length > 0 ? 'llm' : 'patterns',
  };
}

function withBand(tokens: string[], amount: string | null): string[] {
  const band = amount === null ? undefined : amountBandToken(Number(amount));
  return band ? [...tokens, band] : tokens;
}

/** Tokens a query keeps: a pasted document gives thousands; the first ones (supplier, subject) matter. */
export const QUERY_TOKENS_MAX = 200;

function unique(tokens: string[]): string[] {
  return [...new Set(tokens)].slice(0, QUERY_TOKENS_MAX);
}

/**
 * Turns an input into the model's query: tokens of its texts plus the amount band, and the context. `modelRead`
 * holds the fields a language model read from an invoice's text, already checked against it.
 */
export function prepareQuery(input: SuggestionInput, modelRead?: Partial<ExtractedInvoice>): PreparedQuery {
  switch (input.kind) {
    case 'bank_transaction': {
      const amount = new Decimal(input.amount);
      const absolute = unsigned(input.amount);
      const tokens = tokenise([input.counterparty, input.purpose, input.iban ?? ''].join(' '));
      return {
        query: {
          kind: 'bank_transaction',
          tokens: unique(withBand(tokens, absolute)),
          direction: amount.isNegative() ? 'outgoing' : 'incoming',
          bankAccount: input.bankAccount,
        },
        amount: absolute,
        extracted: null,
      };
    }
    case 'incoming_invoice': {
      const extracted = input.text ? mergeInvoiceFields(input, modelRead, extractInvoiceFields(input.text)) : null;
      const amount = input.amountGross ? unsigned(input.amountGross) : (extracted?.amountGross ?? null);
      const text = [input.supplier ?? '', input.text ?? '', input.invoiceNumber ?? '', extracted?.iban ?? ''].join(' ');
      return { query: { kind: 'incoming_invoice', tokens: unique(withBand(tokenise(text), amount)) }, amount, extracted };
    }
    case 'draft_entry': {
      const amount = input.amount ? unsigned(input.amount) : null;
      return {
        query: { kind: 'draft_entry', tokens: unique(withBand(tokenise(input.description), amount)), knownAccount: input.account },
        amount,
        extracted: null,
      };
    }
  }
}
