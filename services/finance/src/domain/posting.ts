import type { ProblemFieldError } from '@erp/contracts';
import { InvalidAmountError, InvalidExchangeRateError, UnbalancedEntryError, withFieldErrors } from '../errors.js';
import { toBaseAmounts } from './base-currency.js';
import type { ChartLookup, EntryDraft, LedgerLine, LineDraft } from './entry.js';
import { type ParsedLine, parseLines } from './line-checks.js';
import { formatAmount, type Money, parseRate, sum } from './money.js';
import { type CurrencyLine, expandTax } from './tax-lines.js';
import { isSafeText } from './text.js';

const BASE_CURRENCY = 'EUR';

function headerIssues(draft: EntryDraft): ProblemFieldError[] {
  const issues: ProblemFieldError[] = [];
  if (!isSafeText(draft.documentRef))
    issues.push({ pointer: '/document_ref', detail: 'The document reference contains control characters or broken Unicode.' });
  if (!isSafeText(draft.description)) issues.push({ pointer: '/description', detail: 'The description contains control characters or broken Unicode.' });
  return issues;
}

function readRate(draft: EntryDraft): Money {
  const rate = parseRate(draft.exchangeRate);
  const pointer = [{ pointer: '/exchange_rate', detail: `"${draft.exchangeRate}" is not a positive rate with at most six decimals.` }];
  if (!rate) throw withFieldErrors(InvalidExchangeRateError, pointer, 'The exchange rate must be a positive decimal such as "1.0856".');
  if (draft.currency === BASE_CURRENCY && !rate.equals(1)) {
    const detail = [{ pointer: '/exchange_rate', detail: 'An entry in EUR has the exchange rate 1.' }];
    throw withFieldErrors(InvalidExchangeRateError, detail, 'EUR is the base currency; its exchange rate is 1.');
  }
  return rate;
}

function assertBalanced(lines: readonly ParsedLine[]): void {
  const debits = sum(lines.filter((line) => line.side === 'debit').map((line) => line.amount));
  const credits = sum(lines.filter((line) => line.side === 'credit').map((line) => line.amount));
  if (debits.equals(credits)) return;
  const detail = `Debits ${formatAmount(debits)} and credits ${formatAmount(credits)} differ by ${formatAmount(debits.minus(credits).abs())}.`;
  throw withFieldErrors(UnbalancedEntryError, [{ pointer: '/lines', detail }], formatAmount(debits), formatAmount(credits));
}

function toLedgerLine(line: CurrencyLine, lineNo: number, base: Money, taxOf: number | null, source: LineDraft | undefined): LedgerLine {
  const amount = formatAmount(line.amount);
  const baseAmount = formatAmount(base);
  const debit = line.side === 'debit';
  return {
    lineNo,
    account: line.account,
    debit: debit ? amount : '0.00',
    credit: debit ? '0.00' : amount,
    debitBase: debit ? baseAmount : '0.00',
    creditBase: debit ? '0.00' : baseAmount,
    taxCode: line.taxCode,
    taxOf,
    text: line.text,
    // The cost centres stay on the client's line; the tax lines it generates go to balance-sheet accounts.
    costCenter: line.generated ? null : (source?.costCenter ?? null),
    costCenter2: line.generated ? null : (source?.costCenter2 ?? null),
  };
}

/**
 * The posting rules: checks a draft against the chart, refuses anything unbalanced or malformed with a
 * catalogue error that points at the offending field, generates the tax lines, and converts to euro.
 * Line numbers start at 1; a generated tax line follows the line it belongs to and names it in `taxOf`.
 */
export function toLedgerLines(draft: EntryDraft, chart: ChartLookup): LedgerLine[] {
  const parsed = parseLines(draft.lines, chart, headerIssues(draft));
  const rate = readRate(draft);
  assertBalanced(parsed);
  const lines = parsed.flatMap(expandTax);
  const base = toBaseAmounts(lines, rate);
  if (!Array.isArray(base)) {
    const source = lines[base.zeroAt]?.source ?? 0;
    const problem = { pointer: `/lines/${source}`, detail: `This line, or the tax it generates, is less than 0.01 EUR at the rate ${draft.exchangeRate}.` };
    throw withFieldErrors(InvalidAmountError, [problem], 1);
  }
  let baseLineNo = 0;
  return lines.map((line, index) => {
    if (!line.generated) baseLineNo = index + 1;
    return toLedgerLine(line, index + 1, base[index] as Money, line.generated ? baseLineNo : null, draft.lines[line.source]);
  });
}
