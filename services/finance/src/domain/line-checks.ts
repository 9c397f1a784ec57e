import type { ProblemFieldError } from '@erp/contracts';
import {
  AccountInactiveError,
  CostCenterInactiveError,
  CostCenterNotAllowedError,
  InvalidAmountError,
  InvalidFieldError,
  UnknownAccountError,
  UnknownCostCenterError,
  UnknownTaxCodeError,
  withFieldErrors,
} from '../errors.js';
import type { TaxCode } from './chart.js';
import { COST_CENTER_FIELD, type CostCenterDimension, takesCostCenter } from './cost-center.js';
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
  costCenter: ProblemFieldError[];
  costCenterInactive: ProblemFieldError[];
  costCenterPlace: ProblemFieldError[];
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

function readCostCenters(line: LineDraft, pointer: string, chart: ChartLookup, issues: Issues): void {
  const named: [CostCenterDimension, string][] = [];
  if (line.costCenter) named.push([1, line.costCenter]);
  if (line.costCenter2) named.push([2, line.costCenter2]);
  for (const [dimension, code] of named) {
    const field = `${pointer}/${COST_CENTER_FIELD[dimension]}`;
    const center = chart.findCostCenter(dimension, code);
    if (!takesCostCenter(chart.findAccount(line.account)?.type)) {
      issues.costCenterPlace.push({ pointer: field, detail: `Account ${line.account} is no revenue or expense account and takes no cost centre.` });
    } else if (!center) issues.costCenter.push({ pointer: field, detail: `Cost centre "${code}" does not exist in dimension ${dimension}.` });
    else if (center.inactive) issues.costCenterInactive.push({ pointer: field, detail: `Cost centre "${code}" (dimension ${dimension}) is inactive.` });
  }
}

function throwFirst(issues: Issues): void {
  if (issues.field.length > 0) throw withFieldErrors(InvalidFieldError, issues.field, issues.field.length);
  if (issues.amount.length > 0) throw withFieldErrors(InvalidAmountError, issues.amount, issues.amount.length);
  if (issues.account.length > 0) throw withFieldErrors(UnknownAccountError, issues.account, issues.account.length);
  if (issues.inactive.length > 0) throw withFieldErrors(AccountInactiveError, issues.inactive, issues.inactive.length);
  if (issues.taxCode.length > 0) throw withFieldErrors(UnknownTaxCodeError, issues.taxCode, issues.taxCode.length);
  if (issues.costCenterPlace.length > 0) throw withFieldErrors(CostCenterNotAllowedError, issues.costCenterPlace, issues.costCenterPlace.length);
  if (issues.costCenter.length > 0) throw withFieldErrors(UnknownCostCenterError, issues.costCenter, issues.costCenter.length);
  if (issues.costCenterInactive.length > 0) throw withFieldErrors(CostCenterInactiveError, issues.costCenterInactive, issues.costCenterInactive.length);
}

/**
 * Checks every line and reports all problems of the first kind found (shape, amounts, accounts, inactive
 * accounts, tax codes, cost centres on balance-sheet accounts, unknown and inactive cost centres), each with a
 * JSON pointer such as `/lines/1/debit`, so a client fixes a form at once.
 * `headerIssues` are problems the caller found in the entry's other fields; they are reported with the lines'.
 */
export function parseLines(lines: readonly LineDraft[], chart: ChartLookup, headerIssues: ProblemFieldError[] = []): ParsedLine[] {
  const issues: Issues = {
    field: [...headerIssues],
    amount: [],
    account: [],
    inactive: [],
    taxCode: [],
    costCenter: [],
    costCenterInactive: [],
    costCenterPlace: [],
  };
  if (lines.length < 2) issues.field.push({ pointer: '/lines', detail: 'An entry needs at least two lines.' });
  const parsed: ParsedLine[] = [];
  lines.forEach((line, index) => {
    const pointer = `/lines/${index}`;
    if (line.text && !isSafeText(line.text))
      issues.field.push({ pointer: `${pointer}/text`, detail: 'The text contains control characters or broken Unicode.' });
    const amount = readAmount(line, pointer, issues);
    const accountUsable = readAccount(line, pointer, chart, issues);
    const taxCode = accountUsable ? readTaxCode(line, pointer, chart, issues) : undefined;
    if (accountUsable) readCostCenters(line, pointer, chart, issues);
    if (amount && accountUsable && taxCode !== undefined) parsed.push({ index, account: line.account, ...amount, taxCode, text: line.text ?? null });
  });
  throwFirst(issues);
  return parsed;
}
