import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compactBalances } from '../../src/ledger/balance-compaction.js';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  // January: capital paid in, a sale; February: a purchase.
  await postEntry(client, entryInput({ posting_date: '2026-01-02', lines: [debit('1200', '10000.00'), credit('0880', '10000.00')] }));
  await postEntry(client, entryInput({ posting_date: '2026-01-20', lines: [debit('1400', '1190.00'), credit('8400', '1190.00')] }));
  await postEntry(client, entryInput({ posting_date: '2026-02-10', lines: [debit('3400', '595.00'), credit('1200', '595.00')] }));
});
afterAll(() => finance.close());

const rowsOf = (body: { rows: Array<Record<string, string>> }) =>
  body.rows.map((row) => [row.account, row.debit, row.credit, row.period_debit, row.period_credit, row.balance]);

describe('GET /api/v1/finance/reports/trial-balance', () => {
  it('should show January alone up to period 1', async () => {
    const response = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026&period_to=1`);

    expect(rowsOf(response.json())).toEqual([
      ['0880', '0.00', '10000.00', '0.00', '10000.00', '-10000.00'],
      ['1200', '10000.00', '0.00', '10000.00', '0.00', '10000.00'],
      ['1400', '1190.00', '0.00', '1190.00', '0.00', '1190.00'],
      ['1776', '0.00', '190.00', '0.00', '190.00', '-190.00'],
      ['8400', '0.00', '1000.00', '0.00', '1000.00', '-1000.00'],
    ]);
    expect(response.json().totals).toEqual({ debit: '11190.00', credit: '11190.00', period_debit: '11190.00', period_credit: '11190.00', balance: '0.00' });
  });

  it('should cumulate up to period 2 and show February in the period columns', async () => {
    const response = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026&period_to=2`);

    const bank = response.json().rows.find((row: { account: string }) => row.account === '1200');
    expect(bank).toMatchObject({
      name: 'Bank',
      type: 'asset',
      debit: '10000.00',
      credit: '595.00',
      period_debit: '0.00',
      period_credit: '595.00',
      balance: '9405.00',
    });
    expect(response.json().rows.map((row: { account: string }) => row.account)).toEqual(['0880', '1200', '1400', '1576', '1776', '3400', '8400']);
    expect(response.json()).toMatchObject({ fiscal_year: 2026, period_to: 2, currency: 'EUR', totals: { balance: '0.00' } });
  });

  it('should default to the whole year', async () => {
    const response = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`);

    expect(response.json()).toMatchObject({ period_to: 12, totals: { debit: '11785.00', credit: '11785.00', period_debit: '0.00' } });
  });

  it('should read the maintained balance table, not the journal', async () => {
    const tenant = await readyTenant(finance);
    await postEntry(tenant, entryInput({ lines: [debit('1000', '50.00'), credit('8200', '50.00')] }));
    // A posting writes balance deltas; the compaction folds them into the balance table this test reads and alters.
    await compactBalances(finance.db.kysely);
    const [balance] = await sqlRows<{ debit: string }>(finance, 'admin', `select debit::text from account_balance where tenant_id = $1 and account = '1000'`, [
      tenant.tenantId,
    ]);

    // The superuser alters a derived balance behind the service's back; the report shows exactly that figure.
    await sqlRows(finance, 'admin', `update account_balance set debit = 51 where tenant_id = $1 and account = '1000'`, [tenant.tenantId]);
    const report = await tenant.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`);

    expect(balance?.debit).toBe('50.00');
    expect(report.json().rows.find((row: { account: string }) => row.account === '1000').debit).toBe('51.00');
  });

  it('should answer 404 for an unknown year or a period beyond the year', async () => {
    const unknown = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2030`);
    const short = await readyTenant(finance, { year: 2026 });
    await short.post(`${FINANCE}/fiscal-years`, { year: 2027, start_date: '2027-01-01', end_date: '2027-03-31' });
    const beyond = await short.get(`${FINANCE}/reports/trial-balance?fiscal_year=2027&period_to=4`);

    expect(unknown.json().code).toBe('FIN_FISCAL_YEAR_NOT_FOUND');
    expect(beyond.json().code).toBe('FIN_PERIOD_NOT_FOUND');
  });

  it('should refuse a missing fiscal year parameter with 400', async () => {
    expect((await client.get(`${FINANCE}/reports/trial-balance`)).statusCode).toBe(400);
  });
});
