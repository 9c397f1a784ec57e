import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CostCenterLine, credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';

// January 2026 of a small trading company on SKR03, booked through the API and checked to the cent against
// figures computed by hand below. Cost centres: K100 Großhandel, K200 Einzelhandel.
//
//  #  date   Beleg    what                                        lines (gross amounts; the tax codes split them)
//  1  01-01  EB-1     opening balance, assets                     1200 25,000 | 1000 1,500 | 3980 12,000 | 0420 8,000 | 1400 5,950 / 9000 52,450
//  2  01-01  EB-2     opening balance, equity and liabilities     9000 52,450 / 1600 3,570 | 0640 10,000 | 0800 25,000 | 0860 13,880
//  3  01-02  ER-2000  rent, VAT-exempt (§ 4 Nr. 12 UStG), K200    4210 1,200 (no tax) / 1200 1,200
//  4  01-05  AR-1001  sale at 19 %, K100                          1400 11,900 / 8400 11,900 -> 8400 10,000 + 1776 1,900
//  5  01-07  AR-1002  sale at 7 %, K200                           1400 2,140 / 8300 2,140 -> 8300 2,000 + 1771 140
//  6  01-09  KA-1     cash sale at 19 %, K100                     1000 595 / 8400 595 -> 8400 500 + 1776 95
//  7  01-12  ER-2001  goods bought at 19 %                        3400 5,950 -> 3400 5,000 + 1576 950 / 1600 5,950
//  8  01-13  ER-2002  goods bought at 7 %                         3300 1,070 -> 3300 1,000 + 1571 70 / 1600 1,070
//  9  01-15  KA-2     office supplies in cash, 19 %, K100         4930 119 (VSt19) -> 4930 100 + 1576 19 / 1000 119
// 10  01-19  BA-1     AR-1001 paid less 2 % Skonto (238.00), K100 1200 11,662 | 8736 238 -> 8736 200 + 1776 38 (debit) / 1400 11,900
// 11  01-21  BA-2     ER-2001 paid less 2 % Skonto (119.00)       1600 5,950 / 1200 5,831 | 3736 119 -> 3736 100 + 1576 19 (credit)
// 12  01-22  GS-1     credit note on AR-1002, 7 %, K200           8300 107 -> 8300 100 + 1771 7 (debit) / 1400 107
// 13  01-30  LO-1     salaries (net, simplified)                  4120 3,000 / 1200 3,000
// 14  01-30  BA-3     loan interest                               2120 50 / 1200 50
// 15  01-31  AfA-1    depreciation of the office furniture        4830 150 / 0420 150
//
// The Skonto of entry 10 is a manual entry, as the payments API is not built yet: the automatic account 8736
// (Gewährte Skonti 19 % USt) makes the posting rules write the tax correction (1776 debit 38.00 = 238 × 19/119).
const ENTRIES: [date: string, ref: string, description: string, lines: CostCenterLine[]][] = [
  [
    '2026-01-01',
    'EB-1',
    'Eröffnungsbilanz Aktiva',
    [
      debit('1200', '25000.00'),
      debit('1000', '1500.00'),
      debit('3980', '12000.00'),
      debit('0420', '8000.00'),
      debit('1400', '5950.00'),
      credit('9000', '52450.00'),
    ],
  ],
  [
    '2026-01-01',
    'EB-2',
    'Eröffnungsbilanz Passiva',
    [debit('9000', '52450.00'), credit('1600', '3570.00'), credit('0640', '10000.00'), credit('0800', '25000.00'), credit('0860', '13880.00')],
  ],
  ['2026-01-02', 'ER-2000', 'Miete Januar', [debit('4210', '1200.00', { tax_code: null, cost_center: 'K200' }), credit('1200', '1200.00')]],
  ['2026-01-05', 'AR-1001', 'Verkauf an Müller GmbH', [debit('1400', '11900.00'), credit('8400', '11900.00', { cost_center: 'K100' })]],
  ['2026-01-07', 'AR-1002', 'Verkauf Bücher an Schulz', [debit('1400', '2140.00'), credit('8300', '2140.00', { cost_center: 'K200' })]],
  ['2026-01-09', 'KA-1', 'Barverkauf', [debit('1000', '595.00'), credit('8400', '595.00', { cost_center: 'K100' })]],
  ['2026-01-12', 'ER-2001', 'Wareneinkauf Großhandel Meier', [debit('3400', '5950.00'), credit('1600', '5950.00')]],
  ['2026-01-13', 'ER-2002', 'Wareneinkauf Lebensmittel', [debit('3300', '1070.00'), credit('1600', '1070.00')]],
  ['2026-01-15', 'KA-2', 'Bürobedarf bar', [debit('4930', '119.00', { tax_code: 'VSt19', cost_center: 'K100' }), credit('1000', '119.00')]],
  [
    '2026-01-19',
    'BA-1',
    'Zahlung AR-1001 abzüglich 2 % Skonto',
    [debit('1200', '11662.00'), debit('8736', '238.00', { cost_center: 'K100' }), credit('1400', '11900.00')],
  ],
  ['2026-01-21', 'BA-2', 'Zahlung ER-2001 abzüglich 2 % Skonto', [debit('1600', '5950.00'), credit('1200', '5831.00'), credit('3736', '119.00')]],
  ['2026-01-22', 'GS-1', 'Gutschrift zu AR-1002 (Rücksendung)', [debit('8300', '107.00', { cost_center: 'K200' }), credit('1400', '107.00')]],
  ['2026-01-30', 'LO-1', 'Gehälter Januar', [debit('4120', '3000.00'), credit('1200', '3000.00')]],
  ['2026-01-30', 'BA-3', 'Darlehenszinsen Januar', [debit('2120', '50.00'), credit('1200', '50.00')]],
  ['2026-01-31', 'AfA-1', 'Abschreibung Büroeinrichtung', [debit('4830', '150.00'), credit('0420', '150.00')]],
];

let finance: TestFinance;
let client: Client;
let skonto: { lines: Record<string, unknown>[] };
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance, { chart: 'SKR03' });
  await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K100', name: 'Großhandel' });
  await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K200', name: 'Einzelhandel' });
  for (const [date, ref, description, lines] of ENTRIES) {
    const entry = await postEntry(client, { posting_date: date, document_date: date, document_ref: ref, description, lines });
    if (ref === 'BA-1') skonto = entry;
  }
});
afterAll(() => finance.close());

const report = async (path: string) => (await client.get(`${FINANCE}/reports/${path}`)).json();
type Position = { number: string; amount: string; children: Position[]; accounts: { account: string; amount: string }[] };
const amounts = (positions: Position[]): Record<string, string> =>
  Object.fromEntries(positions.flatMap((position) => [[position.number, position.amount], ...Object.entries(amounts(position.children))]));

describe('a month of a trading company (worked example)', () => {
  it('should post the Skonto of BA-1 with its tax correction line', () => {
    expect(skonto.lines.map((line) => [line.line_no, line.account, line.debit, line.credit, line.tax_code, line.tax_of, line.cost_center])).toEqual([
      [1, '1200', '11662.00', '0.00', null, null, null],
      [2, '8736', '200.00', '0.00', 'USt19', null, 'K100'],
      [3, '1776', '38.00', '0.00', 'USt19', 2, null],
      [4, '1400', '0.00', '11900.00', null, null, null],
    ]);
  });

  it('should give the trial balance computed by hand', async () => {
    const body = await report('trial-balance?fiscal_year=2026&period_to=1');

    // 1200 Bank: 25,000 + 11,662 in; 1,200 + 5,831 + 3,000 + 50 = 10,081 out; 26,581 left.
    // 1400: 5,950 + 11,900 + 2,140 = 19,990 debit; 11,900 + 107 = 12,007 credit; 7,983 open.
    // 1576: 950 + 19 debit, 19 credit (Skonto received); 1776: 1,900 + 95 credit, 38 debit (Skonto granted).
    // The debits of all lines: 104,900 (opening) + 11,900 + 2,140 + 595 + 5,950 + 1,070 + 1,200 + 119 + 3,000 + 11,900
    // + 5,950 + 107 + 50 + 150 = 149,031.
    expect(body.rows.map((row: Record<string, string>) => [row.account, row.debit, row.credit, row.balance])).toEqual([
      ['0420', '8000.00', '150.00', '7850.00'],
      ['0640', '0.00', '10000.00', '-10000.00'],
      ['0800', '0.00', '25000.00', '-25000.00'],
      ['0860', '0.00', '13880.00', '-13880.00'],
      ['1000', '2095.00', '119.00', '1976.00'],
      ['1200', '36662.00', '10081.00', '26581.00'],
      ['1400', '19990.00', '12007.00', '7983.00'],
      ['1571', '70.00', '0.00', '70.00'],
      ['1576', '969.00', '19.00', '950.00'],
      ['1600', '5950.00', '10590.00', '-4640.00'],
      ['1771', '7.00', '140.00', '-133.00'],
      ['1776', '38.00', '1995.00', '-1957.00'],
      ['2120', '50.00', '0.00', '50.00'],
      ['3300', '1000.00', '0.00', '1000.00'],
      ['3400', '5000.00', '0.00', '5000.00'],
      ['3736', '0.00', '100.00', '-100.00'],
      ['3980', '12000.00', '0.00', '12000.00'],
      ['4120', '3000.00', '0.00', '3000.00'],
      ['4210', '1200.00', '0.00', '1200.00'],
      ['4830', '150.00', '0.00', '150.00'],
      ['4930', '100.00', '0.00', '100.00'],
      ['8300', '100.00', '2000.00', '-1900.00'],
      ['8400', '0.00', '10500.00', '-10500.00'],
      ['8736', '200.00', '0.00', '200.00'],
      ['9000', '52450.00', '52450.00', '0.00'],
    ]);
    expect(body.totals).toMatchObject({ debit: '149031.00', credit: '149031.00', balance: '0.00' });
  });

  it('should give the P&L (HGB § 275 Abs. 2) computed by hand: a profit of 1,800.00', async () => {
    const body = await report('profit-and-loss?fiscal_year=2026&from_period=1&to_period=1');

    // 1  Umsatzerlöse: 8400 10,500 + 8300 (2,000 - 100) 1,900 - 8736 Skonto 200          = 12,200
    // 5a Waren: 3400 5,000 + 3300 1,000 - 3736 Skonto received 100                        =  5,900
    // 6a Gehälter 3,000; 7a AfA 150; 8 Miete 1,200 + Bürobedarf 100 = 1,300; 13 Zinsen 50
    // 15/17: 12,200 - 5,900 - 3,000 - 150 - 1,300 - 50                                    =  1,800
    expect(amounts(body.positions)).toMatchObject({
      '1': '12200.00',
      '2': '0.00',
      '4': '0.00',
      '5': '5900.00',
      '5a': '5900.00',
      '5b': '0.00',
      '6': '3000.00',
      '6a': '3000.00',
      '7': '150.00',
      '7a': '150.00',
      '8': '1300.00',
      '13': '50.00',
      '14': '0.00',
      '15': '1800.00',
      '16': '0.00',
      '17': '1800.00',
    });
    expect(body.positions[0].accounts).toEqual([
      { account: '8300', name: 'Erlöse 7 % USt', amount: '1900.00' },
      { account: '8400', name: 'Erlöse 19 % USt', amount: '10500.00' },
      { account: '8736', name: 'Gewährte Skonti 19 % USt', amount: '-200.00' },
    ]);
    expect(body.result).toBe('1800.00');
  });

  it('should give the balance sheet (HGB § 266) computed by hand: 57,410.00 on both sides', async () => {
    const body = await report('balance-sheet?fiscal_year=2026&period=1');

    // Aktiva: A.II 0420 7,850 | B.I 3980 12,000 | B.II.1 1400 7,983 | B.II.4 Vorsteuer 1571 70 + 1576 950 = 1,020
    //         B.IV 1000 1,976 + 1200 26,581 = 28,557 | total 7,850 + 12,000 + 9,003 + 28,557 = 57,410
    // Passiva: A.I 25,000 | A.IV 13,880 | A.V result 1,800 | 9000 nets to 0 -> equity 40,680
    //          C.2 0640 10,000 | C.4 1600 4,640 | C.8 USt 1771 133 + 1776 1,957 = 2,090 -> 16,730 | total 57,410
    expect(amounts(body.assets.positions)).toMatchObject({
      A: '7850.00',
      'A.II': '7850.00',
      B: '49560.00',
      'B.I': '12000.00',
      'B.II': '9003.00',
      'B.II.1': '7983.00',
      'B.II.4': '1020.00',
      'B.IV': '28557.00',
      C: '0.00',
    });
    expect(amounts(body.equity_and_liabilities.positions)).toMatchObject({
      A: '40680.00',
      'A.I': '25000.00',
      'A.IV': '13880.00',
      'A.V': '1800.00',
      'A.–': '0.00',
      B: '0.00',
      C: '16730.00',
      'C.2': '10000.00',
      'C.4': '4640.00',
      'C.8': '2090.00',
    });
    expect(body).toMatchObject({ assets: { total: '57410.00' }, equity_and_liabilities: { total: '57410.00' }, net_income: '1800.00', balanced: true });
  });

  it('should give the UStVA for January computed by hand: 1,070.00 payable', async () => {
    const body = await report('vat-return?fiscal_year=2026&period=1');

    // Kz 81: 10,000 + 500 - 200 (Skonto) = 10,300 base; 1,900 + 95 - 38 = 1,957 tax (= 19 % of 10,300)
    // Kz 86: 2,000 - 100 (credit note) = 1,900 base; 140 - 7 = 133 tax (= 7 % of 1,900)
    // Kz 66: 950 + 19 - 19 (Skonto received) + 70 = 1,020
    // Kz 83: 1,957 + 133 - 1,020 = 1,070 payable
    expect(body.rows.map((row: Record<string, unknown>) => [row.kz, row.base, row.tax])).toEqual([
      ['81', '10300.00', '1957.00'],
      ['86', '1900.00', '133.00'],
      ['66', null, '1020.00'],
      ['83', null, '1070.00'],
    ]);
    expect(body).toMatchObject({ output_tax: '2090.00', input_tax: '1020.00', payable: '1070.00', uncoded_tax: [] });
  });

  it('should give the result per cost centre computed by hand, adding up to the profit', async () => {
    const body = await report('cost-centers?fiscal_year=2026&from_period=1&to_period=1');

    // K100: revenue 10,000 + 500 - 200 = 10,300; expense 4930 100 -> 10,200
    // K200: revenue 2,000 - 100 = 1,900; expense 4210 1,200 -> 700
    // none: expense 2120 50 + 3300 1,000 + 3400 5,000 - 3736 100 + 4120 3,000 + 4830 150 = 9,100 -> -9,100
    expect(body.rows.map((row: Record<string, unknown>) => [row.code, row.revenue, row.expense, row.result])).toEqual([
      ['K100', '10300.00', '100.00', '10200.00'],
      ['K200', '1900.00', '1200.00', '700.00'],
      [null, '0.00', '9100.00', '-9100.00'],
    ]);
    expect(body.totals).toEqual({ revenue: '12200.00', expense: '10400.00', result: '1800.00' });
  });

  it('should give the receivables ledger computed by hand', async () => {
    const body = await report('general-ledger/1400?from=2026-01-02&to=2026-01-31');

    // Opening 5,950 (EB-1 on 1 January); + 11,900 = 17,850; + 2,140 = 19,990; - 11,900 = 8,090; - 107 = 7,983.
    expect(body.opening_balance).toBe('5950.00');
    expect(body.lines.map((line: Record<string, string>) => [line.document_ref, line.balance])).toEqual([
      ['AR-1001', '17850.00'],
      ['AR-1002', '19990.00'],
      ['BA-1', '8090.00'],
      ['GS-1', '7983.00'],
    ]);
    expect(body.closing_balance).toBe('7983.00');
  });
});
