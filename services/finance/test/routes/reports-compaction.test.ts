import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compactBalances } from '../../src/ledger/balance-compaction.js';
import { credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const REPORTS = [
  'trial-balance?fiscal_year=2026',
  'trial-balance?fiscal_year=2026&period_to=1',
  'profit-and-loss?fiscal_year=2026',
  'profit-and-loss?fiscal_year=2026&from_period=2&to_period=2',
  'balance-sheet?fiscal_year=2026&period=2',
  'vat-return?fiscal_year=2026&period=1',
  'vat-return?fiscal_year=2026&quarter=1',
  'cost-centers?fiscal_year=2026&dimension=1',
  'cost-centers?fiscal_year=2026&dimension=2',
  'general-ledger/1200?from=2026-02-10&to=2026-02-28',
  'general-ledger/8400?from=2026-01-01&to=2026-12-31',
];

const readAll = (client: Client) => Promise.all(REPORTS.map(async (path) => (await client.get(`${FINANCE}/reports/${path}`)).json()));
const compactAll = async () => {
  let moved = 1;
  while (moved > 0) moved = await compactBalances(finance.db.kysely);
};

describe('the reports while balances are deltas', () => {
  it('should answer every report the same before the compaction (deltas only), after it (balance rows only), and in between', async () => {
    const client = await readyTenant(finance);
    await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K1', name: 'Vertrieb' });
    await client.post(`${FINANCE}/cost-centers`, { dimension: 2, code: 'P1', name: 'Projekt' });
    await postEntry(client, entryInput({ lines: [debit('1200', '10000.00'), credit('0880', '10000.00')] }));
    await postEntry(client, entryInput({ lines: [debit('1400', '119.00'), credit('8400', '119.00', { cost_center: 'K1', cost_center_2: 'P1' })] }));
    await postEntry(client, entryInput({ posting_date: '2026-02-05', lines: [debit('3400', '535.50', { cost_center: 'K1' }), credit('1600', '535.50')] }));
    await postEntry(client, entryInput({ posting_date: '2026-02-20', lines: [debit('1200', '119.00'), credit('1400', '119.00')] }));
    await compactAll();
    // The last two entries stay deltas while the first ones are balance rows: the reports must add both.
    await postEntry(client, entryInput({ posting_date: '2026-02-12', lines: [debit('4930', '59.50', { cost_center_2: 'P1' }), credit('1200', '59.50')] }));
    await postEntry(client, entryInput({ posting_date: '2026-01-30', lines: [debit('1200', '238.00'), credit('8400', '238.00', { cost_center: 'K1' })] }));

    const mixed = await readAll(client);
    const deltasMixed = await countRows(finance, 'account_balance_delta', client.tenantId);
    await compactAll();
    const compacted = await readAll(client);

    expect(deltasMixed).toBeGreaterThan(0);
    expect(await countRows(finance, 'account_balance_delta', client.tenantId)).toBe(0);
    expect(compacted).toEqual(mixed);
    const [trial, , profit, , sheet, vat, , centers] = compacted;
    expect(trial.totals).toMatchObject({ debit: '11071.00', credit: '11071.00', balance: '0.00' });
    expect(profit.result).toBe('-209.50');
    expect(sheet.balanced).toBe(true);
    expect(vat.rows[0]).toMatchObject({ kz: '81', base: '300.00' });
    expect(centers.rows.find((row: { code: string | null }) => row.code === 'K1')).toMatchObject({ revenue: '300.00', expense: '450.00' });
  });

  it('should show the postings of a tenant at once, without waiting for a compaction', async () => {
    const client = await readyTenant(finance);

    await postEntry(client, entryInput({ lines: [debit('1000', '50.00'), credit('8200', '50.00')] }));
    const trial = (await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`)).json();

    expect(await countRows(finance, 'account_balance', client.tenantId)).toBe(0);
    expect(trial.rows.map((row: { account: string; balance: string }) => [row.account, row.balance])).toEqual([
      ['1000', '50.00'],
      ['8200', '-50.00'],
    ]);
  });
});
