// The finance service's REST shapes (only the fields read here) and their GraphQL counterparts. Amounts stay
// the decimal strings finance sends; nothing here does arithmetic on them.

import { toCamelKeys, toSnakeKeys } from './rename-keys.js';

export interface RestAccount {
  number: string;
  type: string;
  parent: string | null;
  [field: string]: unknown;
}

export interface RestEntry {
  status: string;
  lines: Array<{ account: string; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface RestFiscalYear {
  periods: Array<{ status: string; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface RestTrialBalance {
  rows: Array<{ account: string; type: string; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface Account {
  number: string;
  parentNumber: string | null;
  [field: string]: unknown;
}

export function accountRestToAccount(account: RestAccount): Account {
  const { parent, ...rest } = account;
  return { ...toCamelKeys(rest), number: account.number, type: account.type.toUpperCase(), parentNumber: parent };
}

export function entryRestToEntry(entry: RestEntry) {
  // input_lines (a draft's lines as written) are not part of the schema.
  const { lines, input_lines: _inputLines, ...rest } = entry;
  return {
    ...toCamelKeys(rest),
    status: entry.status.toUpperCase(),
    lines: lines.map(({ account, ...line }) => ({ ...toCamelKeys(line), accountNumber: account })),
  };
}

export function fiscalYearRestToFiscalYear(year: RestFiscalYear) {
  const { periods, ...rest } = year;
  return { ...toCamelKeys(rest), periods: periods.map((period) => ({ ...toCamelKeys(period), status: period.status.toUpperCase() })) };
}

export function trialBalanceRestToTrialBalance(report: RestTrialBalance) {
  const { rows, ...rest } = report;
  return { ...toCamelKeys(rest), rows: rows.map(({ account, ...row }) => ({ ...toCamelKeys(row), accountNumber: account, type: row.type.toUpperCase() })) };
}

/** A new entry in finance's REST shape; fields the client left out stay out (an absent tax code is the account's default). */
export function transactionInputToRest(input: Record<string, unknown>): Record<string, unknown> {
  const body = toSnakeKeys(input);
  if (typeof body.status === 'string') body.status = body.status.toLowerCase();
  return body;
}
