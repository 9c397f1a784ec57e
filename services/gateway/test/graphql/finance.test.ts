import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { graphql, problem } from './fake-auth.js';
import { entryId, fakeAccount, fakeEntry } from './fake-finance.js';
import { startGraphqlSystem } from './system.js';

let system: Awaited<ReturnType<typeof startGraphqlSystem>>;
let url: string;

// A chart longer than one page of 500, so that an account near its end needs a second page.
const chart = [
  ...Array.from({ length: 520 }, (_, i) => fakeAccount(String(2000 + i))),
  fakeAccount('1400', { name: 'Forderungen aus Lieferungen und Leistungen' }),
  fakeAccount('1770', { name: 'Umsatzsteuer', type: 'liability' }),
  fakeAccount('1776', { name: 'Umsatzsteuer 19 %', type: 'liability', parent: '1770' }),
  fakeAccount('8400', { name: 'Erlöse 19 % USt', type: 'revenue', default_tax_code: 'USt19', inactive: true }),
].sort((a, b) => a.number.localeCompare(b.number));

beforeAll(async () => {
  system = await startGraphqlSystem(inject('adminUrl'));
  url = system.gateway.url;
});
beforeEach(() => {
  system.reset();
  system.finance.accounts.splice(0, system.finance.accounts.length, ...chart);
  system.finance.entries.splice(0, system.finance.entries.length, fakeEntry(1), fakeEntry(2), fakeEntry(3, { status: 'draft', number: null }));
});
afterAll(async () => {
  await system.close();
});

describe('POST /graphql ledger queries', () => {
  it('should list posted transactions with their lines, amounts as decimal strings', async () => {
    const answer = await graphql(url, {
      query:
        '{ transactions(limit: 1, fiscalYear: 2026) { items { id status number postingDate exchangeRate lines { lineNo accountNumber debit credit taxCode taxOf } } nextCursor } }',
    });

    expect(answer.body.data.transactions).toEqual({
      items: [
        {
          id: entryId(1),
          status: 'POSTED',
          number: 1,
          postingDate: '2026-01-15',
          exchangeRate: '1',
          lines: [
            { lineNo: 1, accountNumber: '1400', debit: '119.00', credit: '0.00', taxCode: null, taxOf: null },
            { lineNo: 2, accountNumber: '8400', debit: '0.00', credit: '100.00', taxCode: 'USt19', taxOf: null },
            { lineNo: 3, accountNumber: '1776', debit: '0.00', credit: '19.00', taxCode: 'USt19', taxOf: 2 },
          ],
        },
      ],
      nextCursor: '1',
    });
    expect(system.finance.seen.map((seen) => seen.url)).toEqual(['/api/v1/finance/transactions?limit=1&status=posted&fiscal_year=2026']);
  });

  it('should load the accounts of every line of every transaction with one batch through the chart', async () => {
    const answer = await graphql(url, { query: '{ transactions(status: POSTED) { items { lines { account { number name type parent { name } } } } } }' });

    const accounts = answer.body.data.transactions.items.flatMap((entry: { lines: Array<{ account: unknown }> }) => entry.lines.map((line) => line.account));
    expect(accounts).toHaveLength(6);
    expect(accounts.slice(0, 3)).toEqual([
      { number: '1400', name: 'Forderungen aus Lieferungen und Leistungen', type: 'ASSET', parent: null },
      { number: '8400', name: 'Erlöse 19 % USt', type: 'REVENUE', parent: null },
      { number: '1776', name: 'Umsatzsteuer 19 %', type: 'LIABILITY', parent: { name: 'Umsatzsteuer' } },
    ]);
    // 524 accounts: the first batch (1400, 8400, 1776) reads both pages, the parent 1770 one page.
    expect(system.finance.seen.map((seen) => seen.url)).toEqual([
      '/api/v1/finance/transactions?limit=50&status=posted',
      '/api/v1/finance/accounts?limit=500&include_inactive=true',
      '/api/v1/finance/accounts?limit=500&include_inactive=true&cursor=500',
      '/api/v1/finance/accounts?limit=500&include_inactive=true',
    ]);
  });

  it('should take a parent from the accounts list of the same request rather than load it again', async () => {
    const answer = await graphql(url, { query: '{ accounts(limit: 3) { items { number parent { name } } } }' });

    expect(answer.body.data.accounts.items).toEqual([
      { number: '1400', parent: null },
      { number: '1770', parent: null },
      { number: '1776', parent: { name: 'Umsatzsteuer' } },
    ]);
    expect(system.finance.seen.map((seen) => seen.url)).toEqual(['/api/v1/finance/accounts?limit=3&include_inactive=false']);
  });

  it('should answer null for an account the chart lacks, and call nothing for a malformed number', async () => {
    const answer = await graphql(url, {
      query: '{ known: account(number: "8400") { name inactive } unknown: account(number: "9999") { name } malformed: account(number: "12") { name } }',
    });

    expect(answer.body).toEqual({ data: { known: { name: 'Erlöse 19 % USt', inactive: true }, unknown: null, malformed: null } });
    expect(system.finance.count('GET /api/v1/finance/accounts')).toBe(2);
  });

  it('should answer tax codes, fiscal years and the trial balance in GraphQL shape', async () => {
    const answer = await graphql(url, {
      query: `{ taxCodes { code rate ustva { base outputTax } } fiscalYears { year periods { period status } }
               trialBalance(fiscalYear: 2026, periodTo: 1) { periodTo rows { accountNumber type debit periodDebit balance } totals { balance } } }`,
    });

    expect(answer.body.data).toEqual({
      taxCodes: [{ code: 'USt19', rate: '19.00', ustva: { base: '81', outputTax: null } }],
      fiscalYears: [{ year: 2026, periods: [{ period: 1, status: 'CLOSED' }] }],
      trialBalance: {
        periodTo: 1,
        rows: [{ accountNumber: '1400', type: 'ASSET', debit: '119.00', periodDebit: '119.00', balance: '119.00' }],
        totals: { balance: '0.00' },
      },
    });
    expect(system.finance.seen.map((seen) => seen.url)).toContain('/api/v1/finance/reports/trial-balance?fiscal_year=2026&period_to=1');
  });
});

describe('POST /graphql ledger mutations', () => {
  it('should create a transaction with decimal strings in finance shape, leaving out a tax code not given', async () => {
    const answer = await graphql(url, {
      query: 'mutation ($input: TransactionInput!) { createTransaction(input: $input) { id status documentRef } }',
      variables: {
        input: {
          postingDate: '2026-01-20',
          documentDate: '2026-01-19',
          documentRef: 'RE-2001',
          lines: [
            { account: '1400', debit: '119.00' },
            { account: '8400', credit: '119.00', taxCode: null, text: 'Ware' },
          ],
        },
      },
    });

    expect(answer.body.data.createTransaction).toMatchObject({ status: 'POSTED', documentRef: 'RE-2001' });
    expect(system.finance.seen[0]?.body).toEqual({
      posting_date: '2026-01-20',
      document_date: '2026-01-19',
      document_ref: 'RE-2001',
      lines: [
        { account: '1400', debit: '119.00' },
        { account: '8400', credit: '119.00', tax_code: null, text: 'Ware' },
      ],
    });
  });

  it('should refuse an amount written as a number in the query, calling nothing', async () => {
    const answer = await graphql(url, {
      query: `mutation { createTransaction(input: { postingDate: "2026-01-20", documentDate: "2026-01-20", documentRef: "X",
               lines: [{ account: "1400", debit: 119.0 }, { account: "8400", credit: "119.00" }] }) { id } }`,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(system.finance.seen).toEqual([]);
  });

  it('should reverse a transaction and pass a refusal of finance on as an error with its status', async () => {
    const reversed = await graphql(url, {
      query: `mutation { reverseTransaction(id: "${entryId(1)}", input: { postingDate: "2026-01-31" }) { reversalOf postingDate } }`,
    });
    system.finance.force(`POST /api/v1/finance/transactions/${entryId(2)}/reverse`, {
      status: 409,
      body: problem(409, 'FIN_ALREADY_REVERSED', 'The entry has been reversed already.'),
    });
    const refused = await graphql(url, { query: `mutation { reverseTransaction(id: "${entryId(2)}") { id } }` });

    expect(reversed.body.data.reverseTransaction).toEqual({ reversalOf: entryId(1), postingDate: '2026-01-31' });
    expect(system.finance.seen[0]?.body).toEqual({ posting_date: '2026-01-31' });
    expect(refused.body.data).toEqual({ reverseTransaction: null });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FIN_ALREADY_REVERSED', status: 409 });
  });
});
