import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  clientFor,
  credit,
  debit,
  entryInput,
  FINANCE,
  FINANCE_PERMISSIONS,
  postEntry,
  readyTenant,
  type TestFinance,
} from '../helpers.js';
import { countRows } from '../sql.js';
import { closePeriods, closeYear } from './year-end-helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const close = (client: Client, year: number, body: unknown = {}) => client.post(`${FINANCE}/fiscal-years/${year}/close`, body);
const problem = (response: { statusCode: number; json(): { code: string } }) => [response.statusCode, response.json().code];

/** A tenant on SKR03 with 2026 and 2027 and one cash sale in 2026. */
async function tenantWithSale(): Promise<Client> {
  const client = await readyTenant(finance);
  await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
  await postEntry(client, entryInput({ lines: [debit('1000', '119.00'), credit('8400', '119.00')] }));
  return client;
}

describe('POST /api/v1/finance/fiscal-years/:year/close refusals', () => {
  it('should refuse a year with open periods with 409 naming them, and write nothing', async () => {
    const client = await tenantWithSale();
    await closePeriods(client, 2026, 10);

    const response = await close(client, 2026);

    expect(problem(response)).toEqual([409, 'FIN_FISCAL_YEAR_OPEN_PERIODS']);
    expect(response.json().detail).toContain('2026-11, 2026-12');
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(1);
    expect(await countRows(finance, 'fiscal_year_closing', client.tenantId)).toBe(0);
  });

  it('should refuse without the next fiscal year, naming the day it must start', async () => {
    const client = await readyTenant(finance);

    const response = await closeYear(client, 2026);

    expect(problem(response)).toEqual([409, 'FIN_NEXT_FISCAL_YEAR_MISSING']);
    expect(response.json().detail).toContain('2027-01-01');
  });

  it("should roll everything back when the next year's first period takes no postings", async () => {
    const client = await tenantWithSale();
    await client.post(`${FINANCE}/fiscal-years/2027/periods/1/close`, {});

    const response = await closeYear(client, 2026);

    expect(problem(response)).toEqual([409, 'FIN_PERIOD_CLOSED']);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(1);
    expect(await countRows(finance, 'fiscal_year_closing', client.tenantId)).toBe(0);
    expect((await client.get(`${FINANCE}/fiscal-years/2026`)).json()).toMatchObject({ last_number: 1, closed_at: null });
  });

  it('should close the years in order: the year before first, its balances then carried on through both', async () => {
    const client = await readyTenant(finance, { year: 2025 });
    await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });
    await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
    await postEntry(client, entryInput({ posting_date: '2025-05-05', lines: [debit('1200', '500.00'), credit('0800', '500.00')] }));
    await closePeriods(client, 2026);

    const early = await close(client, 2026);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/1/reopen`, { reason: 'Eröffnungsbuchung aus 2025' });
    const first = await closeYear(client, 2025);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/1/close`, {});
    const second = await close(client, 2026);
    const opened2027 = (await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2027`)).json();

    expect(problem(early)).toEqual([409, 'FIN_PREVIOUS_FISCAL_YEAR_OPEN']);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(opened2027.rows.map((row: { account: string; balance: string }) => [row.account, row.balance])).toEqual([
      ['0800', '-500.00'],
      ['1200', '500.00'],
    ]);
  });

  it('should close a loss on SKR04 into 2978 and a year without postings with no entries', async () => {
    const losing = await readyTenant(finance, { chart: 'SKR04' });
    await losing.post(`${FINANCE}/fiscal-years`, { year: 2027 });
    await postEntry(losing, entryInput({ lines: [debit('6815', '100.00', { tax_code: null }), credit('1800', '100.00')] }));
    const empty = await readyTenant(finance);
    await empty.post(`${FINANCE}/fiscal-years`, { year: 2027 });

    const loss = await closeYear(losing, 2026);
    const nothing = await closeYear(empty, 2026);
    const opened = (await losing.get(`${FINANCE}/reports/trial-balance?fiscal_year=2027`)).json();

    expect(loss.json()).toMatchObject({ result: '-100.00', result_account: '2978' });
    expect(opened.rows.map((row: { account: string; balance: string }) => [row.account, row.balance])).toEqual([
      ['1800', '-100.00'],
      ['2978', '100.00'],
    ]);
    expect(nothing.json()).toMatchObject({ result: '0.00', result_account: null, closing_entries: [], opening_entries: [] });
    expect((await empty.get(`${FINANCE}/fiscal-years/2026`)).json().closed_at).not.toBeNull();
  });

  it('should refuse when the result account is no longer in the chart', async () => {
    const client = await tenantWithSale();
    await client.request('PATCH', `${FINANCE}/accounts/0860`, { number: '0861' });

    const response = await closeYear(client, 2026);

    expect(problem(response)).toEqual([409, 'FIN_CLOSING_ACCOUNT_MISSING']);
    expect(response.json().detail).toContain('0860');
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(1);
  });

  it.each([
    ['a reason too short', '/2026/close', { reason: 'x' }, 400, 'KIT_VALIDATION_FAILED'],
    ['an unknown field', '/2026/close', { reason: 'Abschluss', force: true }, 400, 'KIT_VALIDATION_FAILED'],
    ['a year that is no number', '/abc/close', {}, 400, 'KIT_VALIDATION_FAILED'],
    ['a year out of range', '/10000/close', {}, 400, 'KIT_VALIDATION_FAILED'],
    ['a year that does not exist', '/2031/close', {}, 404, 'FIN_FISCAL_YEAR_NOT_FOUND'],
  ])('should answer %s with a problem document', async (_case, path, body, status, code) => {
    const client = await readyTenant(finance);

    const response = await client.post(`${FINANCE}/fiscal-years${path}`, body);

    expect([response.statusCode, response.json().code]).toEqual([status, code]);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should answer 409 FIN_NOT_SET_UP before the set-up', async () => {
    const client = await clientFor(finance);

    expect(problem(await close(client, 2026))).toEqual([409, 'FIN_NOT_SET_UP']);
  });
});

describe('access to the year-end closing', () => {
  it('should need finance.periods:manage to close and finance.entries:read to read the closing', async () => {
    const owner = await tenantWithSale();
    const reader = await clientFor(finance, {
      tenantId: owner.tenantId,
      permissions: FINANCE_PERMISSIONS.filter((permission) => permission !== 'finance.periods:manage'),
    });
    const blind = await clientFor(finance, {
      tenantId: owner.tenantId,
      permissions: FINANCE_PERMISSIONS.filter((permission) => permission !== 'finance.entries:read'),
    });
    await closePeriods(owner, 2026);

    const refused = await close(reader, 2026);
    const unread = await blind.get(`${FINANCE}/fiscal-years/2026/closing`);

    expect([refused.statusCode, unread.statusCode]).toEqual([403, 403]);
    expect(await countRows(finance, 'fiscal_year_closing', owner.tenantId)).toBe(0);
  });

  it("should keep one tenant's closing to itself", async () => {
    const tenantA = await tenantWithSale();
    const tenantB = await tenantWithSale();
    const closedA = (await closeYear(tenantA, 2026)).json();

    const readByB = await tenantB.get(`${FINANCE}/fiscal-years/2026/closing`);
    const entryByB = await tenantB.get(`${FINANCE}/transactions/${closedA.closing_entries[0]}`);
    const postedByB = await tenantB.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-08-08' }));

    expect(problem(readByB)).toEqual([404, 'FIN_FISCAL_YEAR_NOT_CLOSED']);
    expect(problem(entryByB)).toEqual([404, 'FIN_ENTRY_NOT_FOUND']);
    expect(postedByB.statusCode).toBe(201);
    expect((await tenantB.get(`${FINANCE}/fiscal-years/2026`)).json().closed_at).toBeNull();
  });
});
