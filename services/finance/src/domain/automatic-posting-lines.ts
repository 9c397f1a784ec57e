import { InvalidAmountError, InvalidExchangeRateError, UnbalancedEntryError, withFieldErrors } from '../errors.js';
import { toBaseAmounts } from './base-currency.js';
import type { TaxCode } from './chart.js';
import type { ChartLookup, LedgerLine } from './entry.js';
import { parseLines, type Side } from './line-checks.js';
import { formatAmount, type Money, parseRate, sum } from './money.js';
import type { CurrencyLine } from './tax-lines.js';

/**
 * A line of an automatic posting. Unlike a client's line, whose tax the posting rules compute from its
 * amount, it carries the tax of its document exactly (`tax`): the invoice's stated VAT is what is owed, and
 * the ledger must show it to the cent. `amount` is the net amount for a line with a tax code.
 */
export interface ExactLine {
  readonly account: string;
  readonly side: Side;
  readonly amount: Money;
  readonly taxCode: string | null;
  /** The tax of this line: on its side on the code's tax account; for reverse charge and acquisitions as input tax on its side and output tax on the other. */
  readonly tax?: Money | undefined;
  readonly text: string | null;
}

/** An automatic posting before it is checked against the chart. */
export interface ExactDraft {
  readonly postingDate: string;
  readonly documentDate: string;
  readonly documentRef: string;
  readonly description: string;
  readonly currency: string;
  /** Units of `currency` per euro; "1" for EUR. */
  readonly exchangeRate: string;
  readonly lines: readonly ExactLine[];
}

/**
 * Makes a text from an event fit for the ledger: control characters become spaces, a lone surrogate the
 * replacement character, and it is cut to `max` characters (code points), so no event text is refused.
 */
export function toLedgerText(text: string, max: number): string {
  const characters = Array.from(text, (character) => {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return ' ';
    return character.length === 1 && code >= 0xd800 && code <= 0xdfff ? '\ufffd' : character;
  });
  return characters.slice(0, max).join('').trim() || '-';
}

function taxLines(line: ExactLine, index: number, taxCode: TaxCode, tax: Money): CurrencyLine[] {
  const make = (account: string | null, side: Side): CurrencyLine => {
    if (account === null) throw new Error(`Tax code ${taxCode.code} has no tax account for its kind ${taxCode.kind}`);
    return { source: index, account, side, amount: tax, taxCode: taxCode.code, generated: true, text: line.text };
  };
  const other: Side = line.side === 'debit' ? 'credit' : 'debit';
  switch (taxCode.kind) {
    case 'output':
      return [make(taxCode.outputTaxAccount, line.side)];
    case 'input':
      return [make(taxCode.inputTaxAccount, line.side)];
    case 'exempt':
      throw new Error(`Tax code ${taxCode.code} is exempt and carries no tax`);
    default:
      return [make(taxCode.inputTaxAccount, line.side), make(taxCode.outputTaxAccount, other)];
  }
}

function toCurrencyLines(draft: ExactDraft, chart: ChartLookup): CurrencyLine[] {
  const drafts = draft.lines.map((line) => ({ account: line.account, [line.side]: formatAmount(line.amount), taxCode: line.taxCode, text: line.text }));
  parseLines(drafts, chart);
  return draft.lines.flatMap((line, index) => {
    const base: CurrencyLine = {
      source: index,
      account: line.account,
      side: line.side,
      amount: line.amount,
      taxCode: line.taxCode,
      generated: false,
      text: line.text,
    };
    if (!line.tax || line.tax.isZero()) return [base];
    const taxCode = line.taxCode === null ? undefined : chart.findTaxCode(line.taxCode);
    if (!taxCode) throw new Error(`Line ${index} carries tax without a tax code`);
    return [base, ...taxLines(line, index, taxCode, line.tax)];
  });
}

function readRate(draft: ExactDraft): Money {
  const rate = parseRate(draft.exchangeRate);
  const problem = [
    { pointer: '/data/exchange_rate', detail: `"${draft.exchangeRate}" is not a positive rate with at most six decimals, or EUR with a rate other than 1.` },
  ];
  if (!rate || (draft.currency === 'EUR' && !rate.equals(1)))
    throw withFieldErrors(InvalidExchangeRateError, problem, 'The exchange rate does not fit the currency.');
  return rate;
}

/**
 * The posting rules for automatic postings: checks the lines against the chart as a client's entry is checked
 * (accounts exist and are active, tax codes exist and are not on tax accounts), writes each line's tax exactly
 * as given, refuses anything unbalanced, and converts to euro like any entry. A tax line follows its line and
 * names it in `taxOf`.
 */
export function toExactLedgerLines(draft: ExactDraft, chart: ChartLookup): LedgerLine[] {
  const lines = toCurrencyLines(draft, chart);
  const debits = sum(lines.filter((line) => line.side === 'debit').map((line) => line.amount));
  const credits = sum(lines.filter((line) => line.side === 'credit').map((line) => line.amount));
  if (!debits.equals(credits)) {
    const detail = `Debits ${formatAmount(debits)} and credits ${formatAmount(credits)} differ.`;
    throw withFieldErrors(UnbalancedEntryError, [{ pointer: '/data/totals', detail }], formatAmount(debits), formatAmount(credits));
  }
  const base = toBaseAmounts(lines, readRate(draft));
  if (!Array.isArray(base)) {
    const problem = { pointer: '/data/exchange_rate', detail: `An amount of this document is less than 0.01 EUR at the rate ${draft.exchangeRate}.` };
    throw withFieldErrors(InvalidAmountError, [problem], 1);
  }
  let baseLineNo = 0;
  return lines.map((line, index) => {
    if (!line.generated) baseLineNo = index + 1;
    const amount = formatAmount(line.amount);
    const baseAmount = formatAmount(base[index] as Money);
    const debit = line.side === 'debit';
    return {
      lineNo: index + 1,
      account: line.account,
      debit: debit ? amount : '0.00',
      credit: debit ? '0.00' : amount,
      debitBase: debit ? baseAmount : '0.00',
      creditBase: debit ? '0.00' : baseAmount,
      taxCode: line.taxCode,
      taxOf: line.generated ? baseLineNo : null,
      text: line.text,
      costCenter: null,
    };
  });
}
