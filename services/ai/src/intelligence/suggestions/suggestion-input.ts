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

/** The model's query for an input, the amount it carries (exact, unsigned), and what was read from free text. */
export interface PreparedQuery {
  readonly query: SuggestionQuery;
  readonly amount: string | null;
  readonly extracted: ExtractedInvoice | null;
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

/** Turns an input into the model's query: tokens of its texts plus the amount band, and the context. */
export function prepareQuery(input: SuggestionInput): PreparedQuery {
  switch (input.kind) {
    case 'bank_transaction': {
      const amount = new Decimal(input.amount);
      const absolute = amount.abs().toFixed(2);
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
      const extracted = input.text ? extractInvoiceFields(input.text) : null;
      const amount = input.amountGross ? new Decimal(input.amountGross).abs().toFixed(2) : (extracted?.amountGross ?? null);
      const text = [input.supplier ?? '', input.text ?? '', input.invoiceNumber ?? '', extracted?.iban ?? ''].join(' ');
      return { query: { kind: 'incoming_invoice', tokens: unique(withBand(tokenise(text), amount)) }, amount, extracted };
    }
    case 'draft_entry': {
      const amount = input.amount ? new Decimal(input.amount).abs().toFixed(2) : null;
      return {
        query: { kind: 'draft_entry', tokens: unique(withBand(tokenise(input.description), amount)), knownAccount: input.account },
        amount,
        extracted: null,
      };
    }
  }
}
