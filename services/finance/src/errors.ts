import type { ProblemFieldError } from '@erp/contracts';
import { type AppError, type AppErrorClass, appError, defineError } from '@erp/kit';

export const NotSetUpError = defineError({
  code: 'FIN_NOT_SET_UP',
  status: 409,
  title: 'Ledger not set up',
  detail: () => 'This company has no chart of accounts yet. Choose one with POST /api/v1/finance/setup {"chart": "SKR03"} or "SKR04".',
});

export const AlreadySetUpError = defineError({
  code: 'FIN_ALREADY_SET_UP',
  status: 409,
  title: 'Ledger already set up',
  detail: (chart: string) => `The ledger was already set up with ${chart}; the chart cannot be changed. Add custom accounts instead.`,
});

export const AccountNotFoundError = defineError({
  code: 'FIN_ACCOUNT_NOT_FOUND',
  status: 404,
  title: 'Account not found',
  detail: (number: string) => `No account ${number} exists in this company's chart.`,
});

export const AccountExistsError = defineError({
  code: 'FIN_ACCOUNT_EXISTS',
  status: 409,
  title: 'Account number taken',
  detail: (number: string) => `Account ${number} already exists. Choose another number or change the existing account.`,
});

export const AccountNumberInUseError = defineError({
  code: 'FIN_ACCOUNT_NUMBER_IN_USE',
  status: 409,
  title: 'Account number in use',
  detail: (number: string) => `Account ${number} has postings or is a tax code's account, so its number can no longer change. Create a new account instead.`,
});

export const AccountHierarchyError = defineError({
  code: 'FIN_ACCOUNT_HIERARCHY',
  status: 422,
  title: 'Invalid parent account',
  detail: (reason: string) => reason,
});

export const TaxCodeNotFoundError = defineError({
  code: 'FIN_TAX_CODE_NOT_FOUND',
  status: 404,
  title: 'Tax code not found',
  detail: (code: string) => `No tax code ${code} exists. GET /api/v1/finance/tax-codes lists the codes of this company.`,
});

export const InvalidAmountError = defineError({
  code: 'FIN_INVALID_AMOUNT',
  status: 422,
  title: 'Invalid amount',
  detail: (count: number) => `${count} amount(s) are not valid; \`errors\` names each one. Write amounts as strings like "119.00".`,
});

export const InvalidFieldError = defineError({
  code: 'FIN_INVALID_FIELD',
  status: 422,
  title: 'Invalid field',
  detail: (count: number) => `${count} field(s) of the entry are not valid; \`errors\` names each one.`,
});

export const UnknownAccountError = defineError({
  code: 'FIN_UNKNOWN_ACCOUNT',
  status: 422,
  title: 'Unknown account',
  detail: (count: number) => `${count} line(s) name an account that does not exist; \`errors\` names each one.`,
});

export const AccountInactiveError = defineError({
  code: 'FIN_ACCOUNT_INACTIVE',
  status: 422,
  title: 'Account inactive',
  detail: (count: number) => `${count} line(s) name an inactive account; reactivate it or post to another account.`,
});

export const UnknownTaxCodeError = defineError({
  code: 'FIN_UNKNOWN_TAX_CODE',
  status: 422,
  title: 'Unknown or misplaced tax code',
  detail: (count: number) => `${count} line(s) carry a tax code that does not exist or cannot be used there; \`errors\` names each one.`,
});

export const InvalidExchangeRateError = defineError({
  code: 'FIN_INVALID_EXCHANGE_RATE',
  status: 422,
  title: 'Invalid exchange rate',
  detail: (reason: string) => reason,
});

export const UnbalancedEntryError = defineError({
  code: 'FIN_UNBALANCED_ENTRY',
  status: 422,
  title: 'Entry does not balance',
  detail: (debits: string, credits: string) => `The debits (${debits}) and credits (${credits}) differ. Every entry must balance.`,
});

export const NoFiscalPeriodError = defineError({
  code: 'FIN_NO_FISCAL_PERIOD',
  status: 409,
  title: 'No fiscal period',
  detail: (date: string) => `No fiscal year covers ${date}. Create it with POST /api/v1/finance/fiscal-years first.`,
});

export const PeriodClosedError = defineError({
  code: 'FIN_PERIOD_CLOSED',
  status: 409,
  title: 'Fiscal period is closed',
  detail: (period: string) => `Period ${period} is closed. Post into an open period or reopen ${period} first.`,
});

export const PeriodLockedError = defineError({
  code: 'FIN_PERIOD_LOCKED',
  status: 409,
  title: 'Fiscal period is locked',
  detail: (period: string) => `Period ${period} is locked for good (Festschreibung). Post the correction into an open period.`,
});

export const PeriodTransitionError = defineError({
  code: 'FIN_PERIOD_TRANSITION',
  status: 409,
  title: 'Period status cannot change that way',
  detail: (period: string, status: string, action: string) => `Period ${period} is ${status}; it cannot be ${action}.`,
});

export const FiscalYearNotFoundError = defineError({
  code: 'FIN_FISCAL_YEAR_NOT_FOUND',
  status: 404,
  title: 'Fiscal year not found',
  detail: (year: number) => `No fiscal year ${year} exists. GET /api/v1/finance/fiscal-years lists them.`,
});

export const PeriodNotFoundError = defineError({
  code: 'FIN_PERIOD_NOT_FOUND',
  status: 404,
  title: 'Period not found',
  detail: (year: number, period: number) => `Fiscal year ${year} has no period ${period}.`,
});

export const FiscalYearExistsError = defineError({
  code: 'FIN_FISCAL_YEAR_EXISTS',
  status: 409,
  title: 'Fiscal year exists',
  detail: (year: number) => `Fiscal year ${year} already exists.`,
});

export const FiscalYearOverlapError = defineError({
  code: 'FIN_FISCAL_YEAR_OVERLAP',
  status: 409,
  title: 'Fiscal years overlap',
  detail: (start: string, end: string) => `${start} to ${end} overlaps an existing fiscal year; fiscal years must not share a day.`,
});

export const InvalidFiscalYearError = defineError({
  code: 'FIN_INVALID_FISCAL_YEAR',
  status: 422,
  title: 'Invalid fiscal year',
  detail: (reason: string) => reason,
});

export const EntryNotFoundError = defineError({
  code: 'FIN_ENTRY_NOT_FOUND',
  status: 404,
  title: 'Journal entry not found',
  detail: (id: string) => `No journal entry ${id} exists in this company.`,
});

export const EntryPostedError = defineError({
  code: 'FIN_ENTRY_POSTED',
  status: 409,
  title: 'Journal entry is posted',
  detail: (id: string) => `Entry ${id} is posted and cannot change. Correct it with POST /api/v1/finance/transactions/${id}/reverse and a new entry.`,
});

export const EntryNotPostedError = defineError({
  code: 'FIN_ENTRY_NOT_POSTED',
  status: 409,
  title: 'Journal entry is a draft',
  detail: (id: string) => `Entry ${id} is a draft; only posted entries can be reversed. Change or delete the draft instead.`,
});

export const AlreadyReversedError = defineError({
  code: 'FIN_ALREADY_REVERSED',
  status: 409,
  title: 'Entry already reversed',
  detail: (id: string) => `Entry ${id} has already been reversed; an entry can be reversed only once.`,
});

export const ReversalNotReversibleError = defineError({
  code: 'FIN_REVERSAL_NOT_REVERSIBLE',
  status: 409,
  title: 'A reversal cannot be reversed',
  detail: (id: string) => `Entry ${id} is itself a reversal. Post a new entry to book the original again.`,
});

export const PreconditionFailedError = defineError({
  code: 'FIN_PRECONDITION_FAILED',
  status: 412,
  title: 'Resource changed',
  detail: (etag: string) => `The resource has changed since you read it (its ETag is now ${etag}). Read it again and repeat your change.`,
});

/** Every code of the finance catalogue, for the README test. */
export const FINANCE_ERRORS = [
  NotSetUpError,
  AlreadySetUpError,
  AccountNotFoundError,
  AccountExistsError,
  AccountNumberInUseError,
  AccountHierarchyError,
  TaxCodeNotFoundError,
  InvalidAmountError,
  InvalidFieldError,
  UnknownAccountError,
  AccountInactiveError,
  UnknownTaxCodeError,
  InvalidExchangeRateError,
  UnbalancedEntryError,
  NoFiscalPeriodError,
  PeriodClosedError,
  PeriodLockedError,
  PeriodTransitionError,
  FiscalYearNotFoundError,
  PeriodNotFoundError,
  FiscalYearExistsError,
  FiscalYearOverlapError,
  InvalidFiscalYearError,
  EntryNotFoundError,
  EntryPostedError,
  EntryNotPostedError,
  AlreadyReversedError,
  ReversalNotReversibleError,
  PreconditionFailedError,
];

/** A catalogue error that names each offending field with a JSON pointer in `errors`. */
export function withFieldErrors<Args extends unknown[]>(ErrorClass: AppErrorClass<Args>, errors: ProblemFieldError[], ...args: Args): AppError {
  const base = new ErrorClass(...args);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}
