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

export const EntryNotDraftError = defineError({
  code: 'FIN_ENTRY_NOT_DRAFT',
  status: 409,
  title: 'Journal entry is not a draft',
  detail: (id: string) => `Entry ${id} is posted; scores and suggestions are for drafts. Posted entries are judged by GET /api/v1/finance/llm/anomalies.`,
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

export const CostCenterNotFoundError = defineError({
  code: 'FIN_COST_CENTER_NOT_FOUND',
  status: 404,
  title: 'Cost centre not found',
  detail: (dimension: number, code: string) => `No cost centre ${code} exists in dimension ${dimension}. GET /api/v1/finance/cost-centers lists them.`,
});

export const CostCenterExistsError = defineError({
  code: 'FIN_COST_CENTER_EXISTS',
  status: 409,
  title: 'Cost centre exists',
  detail: (dimension: number, code: string) => `Cost centre ${code} already exists in dimension ${dimension}.`,
});

export const UnknownCostCenterError = defineError({
  code: 'FIN_UNKNOWN_COST_CENTER',
  status: 422,
  title: 'Unknown cost centre',
  detail: (count: number) => `${count} line(s) name a cost centre that does not exist in its dimension; \`errors\` names each one.`,
});

export const CostCenterInactiveError = defineError({
  code: 'FIN_COST_CENTER_INACTIVE',
  status: 422,
  title: 'Cost centre inactive',
  detail: (count: number) => `${count} line(s) name an inactive cost centre; reactivate it or use another one.`,
});

export const CostCenterNotAllowedError = defineError({
  code: 'FIN_COST_CENTER_NOT_ALLOWED',
  status: 422,
  title: 'Cost centre on a balance-sheet account',
  detail: (count: number) => `${count} line(s) carry a cost centre on an account that is no revenue or expense account; only P&L lines take cost centres.`,
});

export const InvalidReportRangeError = defineError({
  code: 'FIN_INVALID_REPORT_RANGE',
  status: 422,
  title: 'Invalid report range',
  detail: (reason: string) => reason,
});

export const ReportTooLargeError = defineError({
  code: 'FIN_REPORT_TOO_LARGE',
  status: 422,
  title: 'Report too large',
  detail: (lines: number) => `The range holds more than ${lines} journal lines, the most one report returns. Ask for a shorter range.`,
});

export const InvalidEventError = defineError({
  code: 'FIN_INVALID_EVENT',
  status: 422,
  title: 'Event cannot be booked',
  detail: (count: number) => `${count} field(s) of the event do not fit its contract or each other; \`errors\` names each one.`,
});

export const DocumentAlreadyPostedError = defineError({
  code: 'FIN_DOCUMENT_ALREADY_POSTED',
  status: 409,
  title: 'Document already booked',
  detail: (documentId: string) => `Document ${documentId} was booked from an earlier event; this event is a second copy and is not booked again.`,
});

export const OriginalInvoiceUnknownError = defineError({
  code: 'FIN_ORIGINAL_INVOICE_UNKNOWN',
  status: 409,
  title: 'Credit note before its invoice',
  detail: (invoiceId: string) => `The invoice ${invoiceId} this credit note corrects is not booked yet; the credit note is booked as soon as the invoice is.`,
});

export const ParkedEventNotFoundError = defineError({
  code: 'FIN_PARKED_EVENT_NOT_FOUND',
  status: 404,
  title: 'Parked event not found',
  detail: (id: string) => `No parked event ${id} exists in this company. GET /api/v1/finance/parked-events lists them.`,
});

export const EventNotParkedError = defineError({
  code: 'FIN_EVENT_NOT_PARKED',
  status: 409,
  title: 'Event not parked',
  detail: (id: string) => `Event ${id} has been booked already; there is nothing to retry.`,
});

export const EventStillParkedError = defineError({
  code: 'FIN_EVENT_STILL_PARKED',
  status: 409,
  title: 'Event still cannot be booked',
  detail: (id: string, reason: string) => `Event ${id} still cannot be booked: ${reason} It stays parked; fix the cause and retry it again.`,
});

export const OpenItemNotFoundError = defineError({
  code: 'FIN_OPEN_ITEM_NOT_FOUND',
  status: 404,
  title: 'Open item not found',
  detail: (id: string) => `No open item ${id} exists in this company.`,
});

export const OpenItemClosedError = defineError({
  code: 'FIN_OPEN_ITEM_CLOSED',
  status: 409,
  title: 'Open item is settled',
  detail: (count: number) => `${count} allocation(s) name an item that is settled in full; \`errors\` names each one.`,
});

export const OverAllocationError = defineError({
  code: 'FIN_OVER_ALLOCATION',
  status: 422,
  title: 'More allocated than available',
  detail: (count: number) => `${count} allocation(s) exceed the payment or the open amount; \`errors\` names each one.`,
});

export const CurrencyMismatchError = defineError({
  code: 'FIN_CURRENCY_MISMATCH',
  status: 422,
  title: 'Currencies differ',
  detail: (count: number) => `${count} allocation(s) name an item in another currency than the payment's; \`errors\` names each one.`,
});

export const ForeignCurrencyPaymentError = defineError({
  code: 'FIN_FOREIGN_CURRENCY_PAYMENT',
  status: 422,
  title: 'Foreign-currency payment',
  detail: (currency: string) => `Payments are booked in EUR, the base currency; a payment in ${currency} cannot be recorded yet.`,
});

export const SkontoNotApplicableError = defineError({
  code: 'FIN_SKONTO_NOT_APPLICABLE',
  status: 422,
  title: 'Skonto not applicable',
  detail: (count: number) => `${count} allocation(s) take Skonto that the item does not offer on that date or for that amount; \`errors\` names each one.`,
});

export const InvalidAllocationError = defineError({
  code: 'FIN_INVALID_ALLOCATION',
  status: 422,
  title: 'Invalid allocation',
  detail: (count: number) => `${count} allocation(s) cannot be applied; \`errors\` names each one.`,
});

export const UnknownPartnerError = defineError({
  code: 'FIN_UNKNOWN_PARTNER',
  status: 422,
  title: 'Partner unknown',
  detail: (reason: string) => reason,
});

export const InvalidBankAccountError = defineError({
  code: 'FIN_INVALID_BANK_ACCOUNT',
  status: 422,
  title: 'Invalid bank account',
  detail: (number: string, reason: string) => `Account ${number} cannot take a payment: ${reason}`,
});

export const PaymentNotFoundError = defineError({
  code: 'FIN_PAYMENT_NOT_FOUND',
  status: 404,
  title: 'Payment not found',
  detail: (id: string) => `No payment ${id} exists in this company.`,
});

export const FiscalYearClosedError = defineError({
  code: 'FIN_FISCAL_YEAR_CLOSED',
  status: 409,
  title: 'Fiscal year is closed',
  detail: (year: number, entries: string) =>
    `Fiscal year ${year} is closed (closing and opening entries: ${entries}); it takes no postings, its periods do not reopen and it is not closed again. GET /api/v1/finance/fiscal-years/${year}/closing shows the closing.`,
});

export const FiscalYearOpenPeriodsError = defineError({
  code: 'FIN_FISCAL_YEAR_OPEN_PERIODS',
  status: 409,
  title: 'Fiscal year has open periods',
  detail: (year: number, periods: string) => `Fiscal year ${year} cannot be closed while periods ${periods} are open; close or lock them first.`,
});

export const NextFiscalYearMissingError = defineError({
  code: 'FIN_NEXT_FISCAL_YEAR_MISSING',
  status: 409,
  title: 'Next fiscal year missing',
  detail: (year: number, startDate: string) =>
    `Closing fiscal year ${year} carries its balances into the fiscal year that starts on ${startDate}, which does not exist. Create it with POST /api/v1/finance/fiscal-years first.`,
});

export const PreviousFiscalYearOpenError = defineError({
  code: 'FIN_PREVIOUS_FISCAL_YEAR_OPEN',
  status: 409,
  title: 'Previous fiscal year not closed',
  detail: (year: number, previous: number) => `Fiscal year ${previous} is not closed yet; close it before ${year}, so that ${year} starts from its balances.`,
});

export const ClosingAccountMissingError = defineError({
  code: 'FIN_CLOSING_ACCOUNT_MISSING',
  status: 409,
  title: 'Closing account missing',
  detail: (account: string, purpose: string) => `The year-end closing posts ${purpose} to account ${account}, which this chart does not have. Create it first.`,
});

export const FiscalYearNotClosedError = defineError({
  code: 'FIN_FISCAL_YEAR_NOT_CLOSED',
  status: 404,
  title: 'Fiscal year not closed',
  detail: (year: number) => `Fiscal year ${year} has not been closed; POST /api/v1/finance/fiscal-years/${year}/close closes it.`,
});

export const DocumentNotFoundError = defineError({
  code: 'FIN_DOCUMENT_NOT_FOUND',
  status: 404,
  title: 'Document not found',
  detail: (id: string) => `No document ${id} exists in this company.`,
});

export const DocumentTypeUnsupportedError = defineError({
  code: 'FIN_DOCUMENT_TYPE_UNSUPPORTED',
  status: 415,
  title: 'Unsupported document type',
  detail: (mediaType: string) =>
    `"${mediaType}" is not a document type this ledger keeps. Send the file as the body with Content-Type application/pdf, image/png, image/jpeg, image/tiff, application/xml or text/xml.`,
});

export const DocumentContentMismatchError = defineError({
  code: 'FIN_DOCUMENT_CONTENT_MISMATCH',
  status: 422,
  title: 'Content does not match its type',
  detail: (mediaType: string) => `The body is empty or its leading bytes are not those of ${mediaType}; send the file unchanged with its own Content-Type.`,
});

export const DocumentTooLargeError = defineError({
  code: 'FIN_DOCUMENT_TOO_LARGE',
  status: 413,
  title: 'Document too large',
  detail: (maxBytes: number) => `A document may have at most ${maxBytes} bytes.`,
});

export const DocumentCorruptedError = defineError({
  code: 'FIN_DOCUMENT_CORRUPTED',
  status: 500,
  title: 'Stored document corrupted',
  detail: (id: string) =>
    `The stored content of document ${id} is missing or no longer matches its SHA-256, so it is not served. The incident is logged; restore the file from a backup.`,
});

export const DocumentLinkedError = defineError({
  code: 'FIN_DOCUMENT_LINKED',
  status: 409,
  title: 'Document is the record of a posted entry',
  detail: (id: string, entries: string) => `Document ${id} is the record (Beleg) of posted entries (${entries}); it stays, and so do its links to them.`,
});

export const DocumentLinkNotFoundError = defineError({
  code: 'FIN_DOCUMENT_LINK_NOT_FOUND',
  status: 404,
  title: 'Document link not found',
  detail: (id: string, entryId: string) => `Document ${id} is not linked to entry ${entryId}.`,
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
  EntryNotDraftError,
  EntryNotPostedError,
  AlreadyReversedError,
  ReversalNotReversibleError,
  PreconditionFailedError,
  InvalidEventError,
  DocumentAlreadyPostedError,
  OriginalInvoiceUnknownError,
  ParkedEventNotFoundError,
  EventNotParkedError,
  EventStillParkedError,
  OpenItemNotFoundError,
  OpenItemClosedError,
  OverAllocationError,
  CurrencyMismatchError,
  ForeignCurrencyPaymentError,
  SkontoNotApplicableError,
  InvalidAllocationError,
  UnknownPartnerError,
  InvalidBankAccountError,
  PaymentNotFoundError,
  CostCenterNotFoundError,
  CostCenterExistsError,
  UnknownCostCenterError,
  CostCenterInactiveError,
  CostCenterNotAllowedError,
  InvalidReportRangeError,
  ReportTooLargeError,
  FiscalYearClosedError,
  FiscalYearOpenPeriodsError,
  NextFiscalYearMissingError,
  PreviousFiscalYearOpenError,
  ClosingAccountMissingError,
  FiscalYearNotClosedError,
  DocumentNotFoundError,
  DocumentTypeUnsupportedError,
  DocumentContentMismatchError,
  DocumentTooLargeError,
  DocumentCorruptedError,
  DocumentLinkedError,
  DocumentLinkNotFoundError,
];

/** A catalogue error that names each offending field with a JSON pointer in `errors`. */
export function withFieldErrors<Args extends unknown[]>(ErrorClass: AppErrorClass<Args>, errors: ProblemFieldError[], ...args: Args): AppError {
  const base = new ErrorClass(...args);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}
