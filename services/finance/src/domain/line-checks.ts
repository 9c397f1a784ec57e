import type { ProblemFieldError } from '@erp/contracts';
import { AccountInactiveError, InvalidAmountError, InvalidFieldError, UnknownAccountError, UnknownTaxCodeError, withFieldErrors } from '../errors.js';
import type { TaxCode } from './chart.js';
import type { ChartLookup, LineDraft } from './entry.js';
import { describeAmountProblem, type Money, parseAmount } from './money.js';
import { isSafeText } from './text.js';

export type Side = 'debit' | 'credit';

/** A line whose amount, account and tax code have been checked. */
export interface ParsedLine {
  /** Its index in the client's `lines`, for error pointers. */
  readonly index: number;
  readonly account: string;
  readonly side: Side;
  readonly amount: Money;
  readonly taxCode: TaxCode | null;
  readonly text: string | null;
}

interface Issues {
  field: ProblemFieldError[];
  amount: ProblemFieldError[];
  account: ProblemFieldError[];
  inactive: ProblemFieldError[];
  taxCode: ProblemFieldError[];
}

function readAmount(line: LineDraft, pointer: string, issues: Issues): { side: Side; amount: Money } | undefined {
  const hasDebit = line.debit !== undefined && line.debit !== '';
  const hasCredit = line.credit !== undefined && line.credit !== '';
  if (hasDebit === hasCredit) {
    issues.field.push({ pointer, detail: 'A line needs exactly one of debit or credit.' });
    return undefined;
  }
  const side: Side = hasDebit ? 'debit' : 'credit';
  const text = (hasDebit ? line.debit : line.credit) ?? '';
  const amount = parseAmount(text);
  if (typeof amount === 'string') {
    issues.amount.push({ pointer: `${pointer}/${side}`, detail: describeAmountProblem(text, amount) });
    return undefined;
  }
  return { side, amount };
}

function readTaxCode(line: LineDraft, pointer: string, chart: ChartLookup, issues: Issues): TaxCode | null | undefined {
  const account = chart.findAccount(line.account);
  const code = line.taxCode === undefined ? (account?.defaultTaxCode ?? null) : line.taxCode;
  if (code === null) return null;
  const taxCode = chart.findTaxCode(code);
  if (!taxCode) {
    issues.taxCode.push({ pointer: `${pointer}/tax_code`, detail: `Tax code "${code}" does not exist.` });
    return undefined;
  }
  if (chart.isTaxAccount(line.account)) {
    issues.taxCode.push({ pointer: `${pointer}/tax_code`, detail: `Account ${line.account} is a tax account and takes no tax code.` });
    return undefined;
  }
  return taxCode;
}

function readAccount(line: LineDraft, pointer: string, chart: ChartLookup, issues: Issues): boolean {
  const account = chart.findAccount(line.account);
  if (!account) issues.account.push({ pointer: `${pointer}/account`, detail: `Account ${line.account} does not exist.` });
  else if (account.inactive) issues.inactive.push({ pointer: `${pointer}/account`, detail: `Account ${line.account} is inactive.` });
  return account !== undefined && !account.inactive;
}

function throwFirst(issues: Issues): void {
  if (issues.field.length > 0) throw withFieldErrors(InvalidFieldError, issues.field, issues.field.length);
  if (issues.amount.length > 0) throw withFieldErrors(InvalidAmountError, issues.amount, issues.amount.length);
  if (issues.account.length > 0) throw withFieldErrors(UnknownAccountError, issues.account, issues.account.length);
  if (issues.inactive.length > 0) throw withFieldErrors(AccountInactiveError, issues.inactive, issues.inactive.length);
  if (issues.taxCode.length > 0) throw withFieldErrors(UnknownTaxCodeError, issues.taxCode, issues.taxCode.length);
}

/**
 * Checks every line and reports all problems of the first kind found (shape, amounts, accounts, inactive
 * accounts, tax codes), each with a JSON pointer such as `/lines/1/debit`, so a client fixes a form at once.
 * `headerIssues` are problems the caller found in the entry's other fields; they are reported with the lines'.
 */
export function parseLines(lines: readonly LineDraft[], chart: ChartLookup, headerIssues: ProblemFieldError[] = []): ParsedLine[] {
  const issues: Issues = { field: [...headerIssues], amount: [], account: [], inactive: [], taxCode: [] };
  if (lines.length < 2) issues.field.push({ pointer: '/lines', detail: 'An entry needs at least two lines.' });
  const parsed: ParsedLine[] = [];
  lines.forEach((line, index) => {
    const pointer = `/lines/${index}`;
    if (line.text && !isSafeText(line.text))
      issues.field.push({ pointer: `${pointer}/text`, detail: 'The text contains control characters or broken Unicode.' });
    const amount = readAmount(line, pointer, issues);
    const accountUsable = readAccount(line, pointer, chart, issues);
    const taxCode = accountUsable ? readTaxCode(line, pointer, chart, issues) : undefined;
    if (amount && accountUsable && taxCode !== undefined) parsed.push({ index, account: line.account, ...amount, taxCode, text: line.text ?? null });
  });
  throwFirst(issues);
  return parsed;
}
