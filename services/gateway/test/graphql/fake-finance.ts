import { problem } from './fake-auth.js';
import { createFakeUpstream, type FakeUpstream, pageOf } from './fake-upstream.js';

// biome-ignore lint/suspicious/noExplicitAny: finance's documents are whatever JSON it would send.
type Json = Record<string, any>;

/** Stands in for finance's chart, journal and report routes with finance's shapes; amounts are decimal strings. */
export interface FakeFinance extends FakeUpstream {
  url: string;
  accounts: Json[];
  entries: Json[];
}

export function fakeAccount(number: string, overrides: Json = {}): Json {
  return {
    number,
    name: `Konto ${number}`,
    type: 'asset',
    parent: null,
    default_tax_code: null,
    inactive: false,
    origin: 'template',
    version: 1,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const entryId = (n: number) => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const line = (lineNo: number, account: string, debit: string, credit: string, taxCode: string | null = null, taxOf: number | null = null) => ({
  line_no: lineNo,
  account,
  debit,
  credit,
  debit_base: debit,
  credit_base: credit,
  tax_code: taxCode,
  tax_of: taxOf,
  text: null,
  cost_center: null,
});

/** A posted sale of 119.00 gross: 1400 to 8400 and the tax onto 1776. */
export function fakeEntry(n: number, overrides: Json = {}): Json {
  return {
    id: entryId(n),
    status: 'posted',
    fiscal_year: 2026,
    period: 1,
    number: n,
    posting_date: '2026-01-15',
    document_date: '2026-01-14',
    document_ref: `RE-${1000 + n}`,
    description: 'Verkauf',
    currency: 'EUR',
    exchange_rate: '1',
    reversal_of: null,
    reversed_by: null,
    lines: [line(1, '1400', '119.00', '0.00'), line(2, '8400', '0.00', '100.00', 'USt19'), line(3, '1776', '0.00', '19.00', 'USt19', 2)],
    version: 1,
    created_at: '2026-01-15T10:00:00.000Z',
    created_by: 'user-1',
    posted_at: '2026-01-15T10:00:00.000Z',
    posted_by: 'user-1',
    previous_hash: '0'.repeat(64),
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

export async function startFakeFinance(): Promise<FakeFinance> {
  const upstream = await createFakeUpstream('finance');
  const { app } = upstream;
  const accounts: Json[] = [];
  const entries: Json[] = [];
  const base = '/api/v1/finance';
  const findEntry = (id: string) => entries.find((entry) => entry.id === id);
  const entryNotFound = problem(404, 'FIN_ENTRY_NOT_FOUND', 'No such journal entry.');

  app.get<{ Querystring: Record<string, string> }>(`${base}/accounts`, async (request) => {
    const listed = accounts.filter((account) => request.query.include_inactive === 'true' || !account.inactive);
    return pageOf(listed, request.query, 100);
  });
  app.get(`${base}/tax-codes`, async () => ({
    items: [
      {
        code: 'USt19',
        description: 'Umsatzsteuer 19 %',
        kind: 'output',
        rate: '19.00',
        output_tax_account: '1776',
        input_tax_account: null,
        datev_bu_key: '3',
        ustva: { base: '81', output_tax: null, input_tax: null },
      },
    ],
  }));
  app.get(`${base}/fiscal-years`, async () => ({
    items: [
      {
        year: 2026,
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        last_number: entries.length,
        created_at: '2026-01-01T00:00:00.000Z',
        created_by: 'user-1',
        periods: [
          {
            period: 1,
            start_date: '2026-01-01',
            end_date: '2026-01-31',
            status: 'closed',
            status_changed_at: null,
            status_changed_by: null,
            status_reason: null,
          },
        ],
      },
    ],
  }));
  app.get<{ Querystring: Record<string, string> }>(`${base}/transactions`, async (request) =>
    pageOf(
      entries.filter((entry) => entry.status === (request.query.status ?? 'posted')),
      request.query,
      100,
    ),
  );
  app.get<{ Params: { id: string } }>(`${base}/transactions/:id`, async (request, reply) => {
    const entry = findEntry(request.params.id);
    return entry ?? reply.code(404).type('application/problem+json').send(entryNotFound);
  });
  app.post<{ Body: Json }>(`${base}/transactions`, async (request, reply) => {
    const { lines: _lines, status, ...fields } = request.body;
    const entry = fakeEntry(entries.length + 1, { ...fields, status: status ?? 'posted' });
    entries.push(entry);
    return reply.code(201).send(entry);
  });
  app.post<{ Params: { id: string }; Body: Json }>(`${base}/transactions/:id/reverse`, async (request, reply) => {
    const original = findEntry(request.params.id);
    if (!original) return reply.code(404).type('application/problem+json').send(entryNotFound);
    const reversal = fakeEntry(entries.length + 1, { ...request.body, reversal_of: original.id });
    original.reversed_by = reversal.id;
    entries.push(reversal);
    return reply.code(201).send(reversal);
  });
  app.get<{ Querystring: Record<string, string> }>(`${base}/reports/trial-balance`, async (request) => ({
    fiscal_year: Number(request.query.fiscal_year),
    period_to: Number(request.query.period_to ?? 12),
    currency: 'EUR',
    rows: [
      {
        account: '1400',
        name: 'Forderungen',
        type: 'asset',
        debit: '119.00',
        credit: '0.00',
        period_debit: '119.00',
        period_credit: '0.00',
        balance: '119.00',
      },
    ],
    totals: { debit: '119.00', credit: '119.00', period_debit: '119.00', period_credit: '119.00', balance: '0.00' },
  }));

  const url = await upstream.listen();
  return { ...upstream, url, accounts, entries };
}
