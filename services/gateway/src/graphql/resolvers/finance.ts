import { type AreaResolvers, type GraphqlContext, type LoaderDefinition, loaderOf } from '../context.js';
import type { ServiceCall } from '../service-client.js';
import { withQuery } from './auth-shapes.js';
import {
  type Account,
  accountRestToAccount,
  entryRestToEntry,
  fiscalYearRestToFiscalYear,
  type RestAccount,
  type RestEntry,
  type RestFiscalYear,
  type RestTrialBalance,
  transactionInputToRest,
  trialBalanceRestToTrialBalance,
} from './finance-shapes.js';
import { toCamelKeys } from './rename-keys.js';

const FINANCE = '/api/v1/finance';
const ACCOUNT_NUMBER = /^[0-9]{4,8}$/;
// The most accounts finance lists in one page.
const ACCOUNTS_PAGE = 500;

type Page<Item> = { items: Item[]; next_cursor: string | null };

const callFinance = <Result>(context: GraphqlContext, call: ServiceCall) => context.services.call<Result>('finance', call);

/**
 * Accounts by number. Journal lines and parents name accounts only by number, and finance has no lookup of
 * several numbers, so one batch pages through the chart (500 a page, inactive accounts included) until it has
 * found every number asked for: one call for a chart of up to 500 accounts, however many lines refer to them.
 * A number the chart does not have loads as null.
 */
export const accountsByNumber: LoaderDefinition<string, Account | null> = {
  async batch(services, numbers) {
    const wanted = new Set(numbers.filter((number) => ACCOUNT_NUMBER.test(number)));
    const found = new Map<string, Account>();
    let cursor: string | null = null;
    while (found.size < wanted.size) {
      const path = withQuery(`${FINANCE}/accounts`, { limit: ACCOUNTS_PAGE, include_inactive: 'true', cursor });
      const page: Page<RestAccount> = await services.call('finance', { method: 'GET', path });
      for (const account of page.items) if (wanted.has(account.number)) found.set(account.number, accountRestToAccount(account));
      cursor = page.next_cursor;
      if (cursor === null) break;
    }
    return numbers.map((number) => found.get(number) ?? null);
  },
};

const entryPath = (id: string, action = '') => `${FINANCE}/transactions/${encodeURIComponent(id)}${action}`;

async function callEntry(context: GraphqlContext, call: ServiceCall) {
  return entryRestToEntry(await callFinance<RestEntry>(context, call));
}

interface AccountsArgs {
  limit: number;
  cursor?: string | null;
  type?: string | null;
  includeInactive: boolean;
}

interface TransactionsArgs {
  limit: number;
  cursor?: string | null;
  status: string;
  fiscalYear?: number | null;
}

export const financeResolvers: AreaResolvers = {
  Query: {
    accounts: async (_source, args: AccountsArgs, context) => {
      const params = { limit: args.limit, cursor: args.cursor, type: args.type?.toLowerCase(), include_inactive: String(args.includeInactive) };
      const page = await callFinance<Page<RestAccount>>(context, { method: 'GET', path: withQuery(`${FINANCE}/accounts`, params) });
      const items = page.items.map(accountRestToAccount);
      const loader = loaderOf(context, accountsByNumber);
      for (const account of items) loader.prime(account.number, account);
      return { items, nextCursor: page.next_cursor };
    },
    account: (_source, args: { number: string }, context) => loaderOf(context, accountsByNumber).load(args.number),
    taxCodes: async (_source, _args, context) => {
      const list = await callFinance<{ items: unknown[] }>(context, { method: 'GET', path: `${FINANCE}/tax-codes` });
      return list.items.map(toCamelKeys);
    },
    fiscalYears: async (_source, _args, context) => {
      const list = await callFinance<{ items: RestFiscalYear[] }>(context, { method: 'GET', path: `${FINANCE}/fiscal-years` });
      return list.items.map(fiscalYearRestToFiscalYear);
    },
    transactions: async (_source, args: TransactionsArgs, context) => {
      const params = { limit: args.limit, cursor: args.cursor, status: args.status.toLowerCase(), fiscal_year: args.fiscalYear };
      const page = await callFinance<Page<RestEntry>>(context, { method: 'GET', path: withQuery(`${FINANCE}/transactions`, params) });
      return { items: page.items.map(entryRestToEntry), nextCursor: page.next_cursor };
    },
    transaction: (_source, args: { id: string }, context) => callEntry(context, { method: 'GET', path: entryPath(args.id) }),
    trialBalance: async (_source, args: { fiscalYear: number; periodTo?: number | null }, context) => {
      const path = withQuery(`${FINANCE}/reports/trial-balance`, { fiscal_year: args.fiscalYear, period_to: args.periodTo });
      return trialBalanceRestToTrialBalance(await callFinance<RestTrialBalance>(context, { method: 'GET', path }));
    },
    auditChain: async (_source, args: { fiscalYear: number }, context) => {
      const path = withQuery(`${FINANCE}/audit/verify`, { fiscal_year: args.fiscalYear });
      return toCamelKeys(await callFinance<unknown>(context, { method: 'GET', path }));
    },
  },
  Account: {
    parent: (account: Account, _args, context) => (account.parentNumber === null ? null : loaderOf(context, accountsByNumber).load(account.parentNumber)),
  },
  JournalLine: {
    account: (line: { accountNumber: string }, _args, context) => loaderOf(context, accountsByNumber).load(line.accountNumber),
  },
  Mutation: {
    createTransaction: (_source, args: { input: Record<string, unknown> }, context) =>
      callEntry(context, { method: 'POST', path: `${FINANCE}/transactions`, body: transactionInputToRest(args.input) }),
    postTransaction: (_source, args: { id: string }, context) => callEntry(context, { method: 'POST', path: entryPath(args.id, '/post') }),
    reverseTransaction: (_source, args: { id: string; input?: Record<string, unknown> | null }, context) =>
      callEntry(context, { method: 'POST', path: entryPath(args.id, '/reverse'), body: transactionInputToRest(args.input ?? {}) }),
  },
};
