import type { Permission } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, clientFor, entryInput, FINANCE, FINANCE_PERMISSIONS, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
let tenantA: Client;
let tenantB: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  tenantA = await readyTenant(finance);
  tenantB = await readyTenant(finance);
  // A short fiscal year 2027 of three months starting in February: no calendar quarter fits it.
  await tenantA.post(`${FINANCE}/fiscal-years`, { year: 2027, start_date: '2027-02-01', end_date: '2027-04-30' });
  await tenantA.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K1', name: 'Nur bei A' });
  await postEntry(tenantA, entryInput({ lines: [debit('1200', '1190.00'), credit('8400', '1190.00', { cost_center: 'K1' })] }));
  await postEntry(tenantA, entryInput({ lines: [debit('3400', '119.00'), credit('1200', '119.00')] }));
});
afterAll(() => finance.close());

const R = `${FINANCE}/reports`;

describe('the reports with bad input', () => {
  it.each([
    ['an unknown account', `${R}/general-ledger/9999?from=2026-01-01&to=2026-01-31`, 404, 'FIN_ACCOUNT_NOT_FOUND'],
    ['a malformed account', `${R}/general-ledger/12ab?from=2026-01-01&to=2026-01-31`, 400, 'KIT_VALIDATION_FAILED'],
    ['a range that ends before it starts', `${R}/general-ledger/1200?from=2026-02-01&to=2026-01-31`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a day without fiscal year', `${R}/general-ledger/1200?from=2025-12-01&to=2026-01-31`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a range over two fiscal years', `${R}/general-ledger/1200?from=2026-12-01&to=2027-02-28`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['an impossible date', `${R}/general-ledger/1200?from=2026-02-30&to=2026-03-31`, 400, 'KIT_VALIDATION_FAILED'],
    ['a missing end', `${R}/general-ledger/1200?from=2026-01-01`, 400, 'KIT_VALIDATION_FAILED'],
    ['SQL in a date', `${R}/general-ledger/1200?from=2026-01-01%27%3B%20drop%20table%20journal_line%3B--&to=2026-01-31`, 400, 'KIT_VALIDATION_FAILED'],
    ['an unknown format', `${R}/general-ledger/1200?from=2026-01-01&to=2026-01-31&format=xlsx`, 400, 'KIT_VALIDATION_FAILED'],
    ['a journal that ends before it starts', `${R}/journal?from=2026-03-01&to=2026-02-01`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a journal without range', `${R}/journal`, 400, 'KIT_VALIDATION_FAILED'],
    ['a journal with an unknown parameter', `${R}/journal?from=2026-01-01&to=2026-01-31&limit=5`, 400, 'KIT_VALIDATION_FAILED'],
    ['a P&L of an unknown year', `${R}/profit-and-loss?fiscal_year=2031`, 404, 'FIN_FISCAL_YEAR_NOT_FOUND'],
    ['a P&L with the periods reversed', `${R}/profit-and-loss?fiscal_year=2026&from_period=5&to_period=2`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a P&L beyond a short year', `${R}/profit-and-loss?fiscal_year=2027&to_period=4`, 404, 'FIN_PERIOD_NOT_FOUND'],
    ['a P&L with period 13', `${R}/profit-and-loss?fiscal_year=2026&to_period=13`, 400, 'KIT_VALIDATION_FAILED'],
    ['a P&L with a text year', `${R}/profit-and-loss?fiscal_year=zwanzig`, 400, 'KIT_VALIDATION_FAILED'],
    ['a balance sheet of an unknown year', `${R}/balance-sheet?fiscal_year=2030`, 404, 'FIN_FISCAL_YEAR_NOT_FOUND'],
    ['a balance sheet beyond a short year', `${R}/balance-sheet?fiscal_year=2027&period=7`, 404, 'FIN_PERIOD_NOT_FOUND'],
    ['a balance sheet with period 0', `${R}/balance-sheet?fiscal_year=2026&period=0`, 400, 'KIT_VALIDATION_FAILED'],
    ['a VAT return with period and quarter', `${R}/vat-return?fiscal_year=2026&period=1&quarter=1`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a VAT return with neither', `${R}/vat-return?fiscal_year=2026`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a fifth quarter', `${R}/vat-return?fiscal_year=2026&quarter=5`, 400, 'KIT_VALIDATION_FAILED'],
    ['a quarter that is no calendar quarter', `${R}/vat-return?fiscal_year=2027&quarter=1`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a VAT return of an unknown year', `${R}/vat-return?fiscal_year=2031&period=1`, 404, 'FIN_FISCAL_YEAR_NOT_FOUND'],
    ['a cost-centre report of a third dimension', `${R}/cost-centers?fiscal_year=2026&dimension=3`, 400, 'KIT_VALIDATION_FAILED'],
    ['a cost-centre report with the periods reversed', `${R}/cost-centers?fiscal_year=2026&from_period=3&to_period=1`, 422, 'FIN_INVALID_REPORT_RANGE'],
    ['a cost-centre report of an unknown year', `${R}/cost-centers?fiscal_year=1999`, 404, 'FIN_FISCAL_YEAR_NOT_FOUND'],
  ])('should answer %s with a %i problem (%s)', async (_case, url, status, code) => {
    const response = await tenantA.get(url);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, code });
  });

  it('should answer a problem as JSON even when CSV was asked for', async () => {
    const response = await tenantA.get(`${R}/profit-and-loss?fiscal_year=2031&format=csv`);

    expect([response.statusCode, response.headers['content-type']]).toEqual([404, expect.stringContaining('application/problem+json')]);
  });

  it('should refuse the statements of a tenant without a chart with 409', async () => {
    const fresh = await clientFor(finance);

    const answers = await Promise.all(
      ['profit-and-loss?fiscal_year=2026', 'balance-sheet?fiscal_year=2026', 'vat-return?fiscal_year=2026&period=1', 'cost-centers?fiscal_year=2026'].map(
        (path) => fresh.get(`${R}/${path}`),
      ),
    );

    expect(answers.map((answer) => answer.json().code)).toEqual(['FIN_NOT_SET_UP', 'FIN_NOT_SET_UP', 'FIN_NOT_SET_UP', 'FIN_NOT_SET_UP']);
  });
});

const ROUTES: [method: 'GET' | 'POST' | 'PATCH', path: string, permission: Permission, body?: unknown][] = [
  ['GET', `${R}/general-ledger/1200?from=2026-01-01&to=2026-01-31`, 'finance.reports:read'],
  ['GET', `${R}/journal?from=2026-01-01&to=2026-01-31`, 'finance.reports:read'],
  ['GET', `${R}/profit-and-loss?fiscal_year=2026`, 'finance.reports:read'],
  ['GET', `${R}/balance-sheet?fiscal_year=2026`, 'finance.reports:read'],
  ['GET', `${R}/vat-return?fiscal_year=2026&period=1`, 'finance.reports:read'],
  ['GET', `${R}/cost-centers?fiscal_year=2026`, 'finance.reports:read'],
  ['GET', `${FINANCE}/cost-centers`, 'finance.accounts:read'],
  ['GET', `${FINANCE}/cost-centers/1/K1`, 'finance.accounts:read'],
  ['POST', `${FINANCE}/cost-centers`, 'finance.accounts:manage', { dimension: 1, code: 'K2', name: 'X' }],
  ['PATCH', `${FINANCE}/cost-centers/1/K1`, 'finance.accounts:manage', { name: 'X' }],
];

describe('access to the reports and cost centres', () => {
  it.each(ROUTES)('%s %s should answer 401 without a token and 403 without %s', async (method, url, permission, body) => {
    const anonymous = await finance.app.inject({ method, url, ...(body ? { payload: body as object } : {}) });
    const caller = await clientFor(finance, { tenantId: tenantA.tenantId, permissions: FINANCE_PERMISSIONS.filter((candidate) => candidate !== permission) });

    const forbidden = await caller.request(method, url, body);

    expect(anonymous.statusCode).toBe(401);
    expect([forbidden.statusCode, forbidden.json().detail]).toEqual([403, expect.stringContaining(permission)]);
  });

  it('should have changed nothing through the refused calls', async () => {
    expect((await tenantA.get(`${FINANCE}/cost-centers/1/K1`)).json()).toMatchObject({ name: 'Nur bei A', version: 1 });
    expect((await tenantA.get(`${FINANCE}/cost-centers/1/K2`)).statusCode).toBe(404);
  });
});

describe('tenant isolation of the reports', () => {
  it("should never show tenant B any of tenant A's figures", async () => {
    const [ledger, journal, profit, sheet, vat, centers] = await Promise.all(ROUTES.slice(0, 6).map(([, url]) => tenantB.get(url)));

    expect(ledger?.json()).toMatchObject({ opening_balance: '0.00', lines: [], closing_balance: '0.00' });
    expect(journal?.json()).toMatchObject({ entries: [], totals: { debit: '0.00', credit: '0.00' } });
    expect(profit?.json().result).toBe('0.00');
    expect(sheet?.json()).toMatchObject({ assets: { total: '0.00' }, equity_and_liabilities: { total: '0.00' } });
    expect(vat?.json().rows).toEqual([expect.objectContaining({ kz: '83', tax: '0.00' })]);
    expect(centers?.json().rows).toEqual([{ code: null, name: 'ohne Kostenstelle', inactive: false, revenue: '0.00', expense: '0.00', result: '0.00' }]);
  });

  it('should show tenant A its own figures on the same routes', async () => {
    const profit = (await tenantA.get(`${R}/profit-and-loss?fiscal_year=2026`)).json();
    const journal = (await tenantA.get(`${R}/journal?from=2026-01-01&to=2026-01-31`)).json();

    // 1000 revenue - 100 goods = 900.
    expect(profit.result).toBe('900.00');
    expect(journal.entries).toHaveLength(2);
  });
});
