import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compactBalances } from '../../src/ledger/balance-compaction.js';
import { credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance, { chart: 'SKR04' });
  await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K1', name: 'Handel' });
  await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K2', name: 'Verwaltung' });
  const entries: [string, ReturnType<typeof debit>[]][] = [
    ['2026-01-02', [debit('1800', '5000.00'), credit('2900', '5000.00')]],
    ['2026-01-10', [debit('1200', '2380.00'), credit('4400', '2380.00', { cost_center: 'K1' })]],
    ['2026-01-12', [debit('5400', '1190.00', { cost_center: 'K1' }), credit('3300', '1190.00')]],
    ['2026-01-15', [debit('6815', '50.00', { cost_center: 'K2' }), credit('1800', '50.00')]],
    ['2026-01-20', [debit('5925', '200.00'), credit('3300', '200.00')]],
    ['2026-01-31', [debit('7610', '100.00'), credit('1800', '100.00')]],
    ['2026-03-05', [debit('1200', '107.00'), credit('4300', '107.00')]],
  ];
  for (const [date, lines] of entries) await postEntry(client, entryInput({ posting_date: date, document_date: date, lines }));
});
afterAll(() => finance.close());

/** Every position by number with its amount, sub-positions included. */
type Position = { number: string; amount: string; children: Position[] };
const amounts = (positions: Position[]): Record<string, string> =>
  Object.fromEntries(positions.flatMap((position) => [[position.number, position.amount], ...Object.entries(amounts(position.children))]));
const csvRows = (body: string) => body.replace('\uFEFF', '').trimEnd().split('\r\n');

// January on SKR04: capital 5000; a sale of 2000 + 380 VAT (K1); goods 1000 + 190 input tax (K1); office supplies
// 50 without tax (K2); a foreign service of 200 under § 13b (38 owed, 38 deducted); trade tax 100.
describe('GET /api/v1/finance/reports/profit-and-loss', () => {
  it('should map SKR04 to the HGB positions: 2000 - 1000 - 200 - 50 - 100 = 650', async () => {
    const body = (await client.get(`${FINANCE}/reports/profit-and-loss?fiscal_year=2026&from_period=1&to_period=1`)).json();

    expect(body).toMatchObject({ fiscal_year: 2026, from_period: 1, to_period: 1, from: '2026-01-01', to: '2026-01-31', chart: 'SKR04', result: '650.00' });
    expect(amounts(body.positions)).toMatchObject({
      '1': '2000.00',
      '5': '1200.00',
      '5a': '1000.00',
      '5b': '200.00',
      '8': '50.00',
      '14': '100.00',
      '15': '650.00',
      '17': '650.00',
    });
    expect(body.positions[0].accounts).toEqual([{ account: '4400', name: 'Erlöse 19 % USt', amount: '2000.00' }]);
  });

  it('should cover the whole year by default and write CSV rows per position and account', async () => {
    const json = (await client.get(`${FINANCE}/reports/profit-and-loss?fiscal_year=2026`)).json();
    const csv = await client.get(`${FINANCE}/reports/profit-and-loss?fiscal_year=2026&format=csv`);

    expect([json.from_period, json.to_period, json.result]).toEqual([1, 12, '750.00']);
    expect(csvRows(csv.body).slice(0, 4)).toEqual([
      'position;label;account;name;amount',
      '1;Umsatzerlöse;;;2100,00',
      '1;Umsatzerlöse;4300;Erlöse 7 % USt;100,00',
      '1;Umsatzerlöse;4400;Erlöse 19 % USt;2000,00',
    ]);
    expect(csvRows(csv.body).at(-1)).toBe(';result;;;750,00');
    expect(csv.headers['content-disposition']).toContain('profit-and-loss-2026-1-12.csv');
  });
});

describe('GET /api/v1/finance/reports/balance-sheet', () => {
  it('should balance 7458.00 on both sides at the end of January, with the result in equity', async () => {
    const body = (await client.get(`${FINANCE}/reports/balance-sheet?fiscal_year=2026&period=1`)).json();

    expect(body).toMatchObject({ period: 1, date: '2026-01-31', net_income: '650.00', balanced: true, difference: '0.00' });
    expect(body.assets.total).toBe('7458.00');
    expect(amounts(body.assets.positions)).toMatchObject({ 'B.II.1': '2380.00', 'B.II.4': '228.00', 'B.IV': '4850.00' });
    expect(body.equity_and_liabilities.total).toBe('7458.00');
    expect(amounts(body.equity_and_liabilities.positions)).toMatchObject({
      A: '5650.00',
      'A.I': '5000.00',
      'A.V': '650.00',
      'C.4': '1390.00',
      'C.8': '418.00',
    });
  });

  it('should write both sides as CSV with their totals', async () => {
    const json = await client.request('GET', `${FINANCE}/reports/balance-sheet?fiscal_year=2026&period=1`, undefined, { accept: '*/*' });
    const csv = csvRows((await client.request('GET', `${FINANCE}/reports/balance-sheet?fiscal_year=2026&period=1`, undefined, { accept: 'text/csv' })).body);

    expect(json.headers['content-type']).toContain('application/json');
    expect(csv[0]).toBe('side;position;label;account;name;amount');
    expect(csv).toContain('assets;;total;;;7458,00');
    expect(csv).toContain('equity_and_liabilities;A.V;Jahresüberschuss/Jahresfehlbetrag;;;650,00');
  });
});

describe('GET /api/v1/finance/reports/vat-return', () => {
  it('should give Kz 81, 84, 85, 66, 67 and Kz 83 = 380 + 38 - 190 - 38 = 190.00 for January', async () => {
    const body = (await client.get(`${FINANCE}/reports/vat-return?fiscal_year=2026&period=1`)).json();

    expect(body.rows.map((row: Record<string, unknown>) => [row.kz, row.base, row.tax])).toEqual([
      ['81', '2000.00', '380.00'],
      ['84', '200.00', null],
      ['85', null, '38.00'],
      ['66', null, '190.00'],
      ['67', null, '38.00'],
      ['83', null, '190.00'],
    ]);
    expect(body).toMatchObject({ output_tax: '418.00', input_tax: '228.00', payable: '190.00', uncoded_tax: [] });
  });

  it('should add March to January for the first quarter and write CSV', async () => {
    const body = (await client.get(`${FINANCE}/reports/vat-return?fiscal_year=2026&quarter=1`)).json();
    const csv = csvRows((await client.get(`${FINANCE}/reports/vat-return?fiscal_year=2026&quarter=1&format=csv`)).body);

    expect(body).toMatchObject({ from_period: 1, to_period: 3, from: '2026-01-01', to: '2026-03-31', payable: '197.00' });
    expect(body.rows.find((row: { kz: string }) => row.kz === '86')).toMatchObject({ base: '100.00', tax: '7.00' });
    expect(csv[0]).toBe('kz;label;base;tax');
    expect(csv.at(-1)).toBe('83;Verbleibende Umsatzsteuer-Vorauszahlung bzw. verbleibender Überschuss;;197,00');
  });
});

describe('GET /api/v1/finance/reports/cost-centers', () => {
  it('should give the result per cost centre and the lines without one, adding up to the P&L', async () => {
    const body = (await client.get(`${FINANCE}/reports/cost-centers?fiscal_year=2026&to_period=1`)).json();

    expect(body.rows.map((row: Record<string, unknown>) => [row.code, row.revenue, row.expense, row.result])).toEqual([
      ['K1', '2000.00', '1000.00', '1000.00'],
      ['K2', '0.00', '50.00', '-50.00'],
      [null, '0.00', '300.00', '-300.00'],
    ]);
    expect(body.totals).toEqual({ revenue: '2000.00', expense: '1350.00', result: '650.00' });
    expect(body.dimension).toBe(1);
  });

  it('should show everything under no cost object for dimension 2 and write CSV', async () => {
    const body = (await client.get(`${FINANCE}/reports/cost-centers?fiscal_year=2026&to_period=1&dimension=2`)).json();
    const csv = csvRows((await client.get(`${FINANCE}/reports/cost-centers?fiscal_year=2026&to_period=1&format=csv`)).body);

    expect(body.rows).toEqual([{ code: null, name: 'ohne Kostenstelle', inactive: false, revenue: '2000.00', expense: '1350.00', result: '650.00' }]);
    expect(csv).toEqual([
      'code;name;revenue;expense;result',
      'K1;Handel;2000,00;1000,00;1000,00',
      'K2;Verwaltung;0,00;50,00;-50,00',
      ';ohne Kostenstelle;0,00;300,00;-300,00',
      ';total;2000,00;1350,00;650,00',
    ]);
  });
});

describe('GET /api/v1/finance/reports/trial-balance as CSV', () => {
  it('should write a row per account and the totals', async () => {
    const response = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026&period_to=1&format=csv`);

    const rows = csvRows(response.body);
    expect(response.headers['content-disposition']).toContain('trial-balance-2026-1.csv');
    expect(rows[0]).toBe('account;name;type;debit;credit;period_debit;period_credit;balance');
    expect(rows).toContain('1800;Bank;asset;5000,00;150,00;5000,00;150,00;4850,00');
    // 5000 + 2380 + 1190 + 50 + (200 + 38) + 100 = 8958 debits in January.
    expect(rows.at(-1)).toBe(';total;;8958,00;8958,00;8958,00;8958,00;0,00');
  });
});

describe('the statements read the maintained balances', () => {
  it('should show what the balance tables hold, not what the journal says', async () => {
    const tenant = await readyTenant(finance);
    await tenant.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K1', name: 'K1' });
    await postEntry(tenant, entryInput({ lines: [debit('1200', '119.00'), credit('8400', '119.00', { cost_center: 'K1' })] }));
    // A posting writes balance deltas; the compaction folds them into the balance tables this test alters.
    await compactBalances(finance.db.kysely);

    // The superuser alters the derived balances behind the service's back; the reports show exactly that.
    for (const table of ['account_balance', 'tax_balance', 'cost_center_balance'])
      await sqlRows(finance, 'admin', `update ${table} set credit = credit + 1 where tenant_id = $1 and account = '8400'`, [tenant.tenantId]);
    const profit = (await tenant.get(`${FINANCE}/reports/profit-and-loss?fiscal_year=2026`)).json();
    const vat = (await tenant.get(`${FINANCE}/reports/vat-return?fiscal_year=2026&period=1`)).json();
    const centers = (await tenant.get(`${FINANCE}/reports/cost-centers?fiscal_year=2026`)).json();

    expect(profit.result).toBe('101.00');
    expect(vat.rows[0]).toMatchObject({ kz: '81', base: '101.00' });
    expect(centers.rows[0]).toMatchObject({ code: 'K1', revenue: '101.00' });
  });
});
