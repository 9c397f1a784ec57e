import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, FINANCE, type LineInput, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

type Chart = 'SKR03' | 'SKR04';

// Balance-sheet, equity, P&L and tax accounts of each chart; the automatic accounts bring their tax codes.
const ACCOUNTS: Record<Chart, { balance: string[]; profitAndLoss: string[] }> = {
  SKR03: {
    balance: ['1000', '1200', '1400', '1600', '0880', '1800', '1776', '1576', '0640'],
    profitAndLoss: ['8400', '8300', '8125', '3400', '3125', '4930', '4120', '2650'],
  },
  SKR04: {
    balance: ['1600', '1800', '1200', '3300', '2010', '2100', '3806', '1406', '3160'],
    profitAndLoss: ['4400', '4300', '4125', '5400', '5925', '6815', '6020', '7100'],
  },
};
const TAX_ACCOUNTS = new Set(['1776', '1576', '3806', '1406']);
const TAX_CODES = [undefined, null, 'USt19', 'USt7', 'VSt19', 'RC19', 'IGE19', 'IGL'] as const;
const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** One line's random choices; the account decides which of them apply (no tax code on a tax account, no cost centre off the P&L). */
const lineChoice = fc.record({
  account: fc.nat(),
  taxCode: fc.constantFrom(...TAX_CODES),
  costCenter: fc.constantFrom(undefined, 'K1', 'K2'),
  costObject: fc.constantFrom(undefined, 'P1'),
});

const entry = (chart: Chart) =>
  fc
    .record({
      debits: fc.array(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 1, maxLength: 3 }),
      month: fc.integer({ min: 1, max: 12 }),
      choices: fc.array(lineChoice, { minLength: 4, maxLength: 4 }),
    })
    .map(({ debits, month, choices }) => {
      const accounts = [...ACCOUNTS[chart].balance, ...ACCOUNTS[chart].profitAndLoss];
      const total = debits.reduce((left, right) => left + right, 0);
      const line = (index: number, side: 'debit' | 'credit', cents: number): LineInput & Record<string, unknown> => {
        const choice = choices[index % choices.length] ?? { account: 0, taxCode: undefined, costCenter: undefined, costObject: undefined };
        const account = accounts[(choice.account + index) % accounts.length] ?? '1200';
        const onProfitAndLoss = ACCOUNTS[chart].profitAndLoss.includes(account);
        return {
          account,
          [side]: amount(cents),
          ...(choice.taxCode === undefined || TAX_ACCOUNTS.has(account) ? {} : { tax_code: choice.taxCode }),
          ...(onProfitAndLoss && choice.costCenter ? { cost_center: choice.costCenter } : {}),
          ...(onProfitAndLoss && choice.costObject ? { cost_center_2: choice.costObject } : {}),
        };
      };
      const date = `2026-${String(month).padStart(2, '0')}-15`;
      return {
        posting_date: date,
        document_date: date,
        document_ref: 'PROP',
        lines: [...debits.map((cents, index) => line(index, 'debit', cents)), line(debits.length, 'credit', total)],
      };
    });

const scenario = fc
  .constantFrom<Chart>('SKR03', 'SKR04')
  .chain((chart) =>
    fc.record({ chart: fc.constant(chart), entries: fc.array(entry(chart), { minLength: 1, maxLength: 5 }), split: fc.integer({ min: 1, max: 11 }) }),
  );

const get = async (client: Client, path: string) => (await client.get(`${FINANCE}/reports/${path}`)).json();
const cents = (text: string) => Math.round(Number(text) * 100);
const sumCents = (values: readonly string[]) => values.reduce((total, value) => total + cents(value), 0);
type Row = { account: string; type: string; debit: string; credit: string; period_debit: string; period_credit: string; balance: string };

async function tenantWith(chart: Chart, entries: readonly Record<string, unknown>[]): Promise<Client> {
  const client = await readyTenant(finance, { chart });
  for (const [dimension, code] of [
    [1, 'K1'],
    [1, 'K2'],
    [2, 'P1'],
  ] as const)
    await client.post(`${FINANCE}/cost-centers`, { dimension, code, name: code });
  for (const body of entries) await postEntry(client, body);
  return client;
}

// Sums are compared in integer cents: the amounts have two decimals and stay far below 2^53 cents.
describe('the reports under random postings (properties)', () => {
  it('should keep the trial balance at zero, the balance sheet balanced, and the P&L result equal to the change in equity', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ chart, entries, split }) => {
        const client = await tenantWith(chart, entries);

        const trial = await get(client, 'trial-balance?fiscal_year=2026');
        const sheet = await get(client, 'balance-sheet?fiscal_year=2026');
        const sheetAtSplit = await get(client, `balance-sheet?fiscal_year=2026&period=${split}`);
        const laterResult = (await get(client, `profit-and-loss?fiscal_year=2026&from_period=${split + 1}&to_period=12`)).result;
        const trialAtSplit = await get(client, `trial-balance?fiscal_year=2026&period_to=${split}`);

        expect(trial.totals.balance).toBe('0.00');
        expect([sheet.balanced, sheet.difference, sheet.assets.total]).toEqual([true, '0.00', sheet.equity_and_liabilities.total]);
        expect(sheetAtSplit.balanced).toBe(true);
        // Equity at the year's end less equity at the split = result after the split + what the owners put in or took out.
        const equity = (report: { equity_and_liabilities: { positions: { key: string; amount: string }[] } }) =>
          cents(report.equity_and_liabilities.positions.find((position) => position.key === 'equity')?.amount ?? '0');
        const ownerMovements = (rows: Row[]) => -sumCents(rows.filter((row) => row.type === 'equity').map((row) => row.balance));
        expect(equity(sheet) - equity(sheetAtSplit)).toBe(cents(laterResult) + ownerMovements(trial.rows) - ownerMovements(trialAtSplit.rows));
      }),
      { numRuns: 12 },
    );
  });

  it('should make the VAT return of every month equal the movements of the tax accounts, and Kz 83 their balance', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ chart, entries }) => {
        const client = await tenantWith(chart, entries);
        const taxCodes: { output_tax_account: string | null; input_tax_account: string | null }[] = (await client.get(`${FINANCE}/tax-codes`)).json().items;
        const output = new Set(taxCodes.map((code) => code.output_tax_account).filter((account) => account !== null));
        const input = new Set(taxCodes.map((code) => code.input_tax_account).filter((account) => account !== null));
        const months = [...new Set(entries.map((body) => Number(String(body.posting_date).slice(5, 7))))];

        for (const month of months) {
          const vat = await get(client, `vat-return?fiscal_year=2026&period=${month}`);
          const rows: Row[] = (await get(client, `trial-balance?fiscal_year=2026&period_to=${month}`)).rows;
          const movement = (accounts: Set<string>, sign: 1 | -1) =>
            rows.filter((row) => accounts.has(row.account)).reduce((total, row) => total + sign * (cents(row.period_credit) - cents(row.period_debit)), 0);

          expect(cents(vat.output_tax)).toBe(movement(output, 1));
          expect(cents(vat.input_tax)).toBe(movement(input, -1));
          expect(cents(vat.payable)).toBe(movement(output, 1) - movement(input, -1));
          expect(vat.rows.at(-1)).toMatchObject({ kz: '83', tax: vat.payable });
        }
      }),
      { numRuns: 10 },
    );
  });

  it('should make the cost-centre report of each dimension add up to the P&L, and each general ledger end on its trial-balance balance', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ chart, entries }) => {
        const client = await tenantWith(chart, entries);

        const result = (await get(client, 'profit-and-loss?fiscal_year=2026')).result;
        const byCenter = await get(client, 'cost-centers?fiscal_year=2026&dimension=1');
        const byObject = await get(client, 'cost-centers?fiscal_year=2026&dimension=2');
        const trial: Row[] = (await get(client, 'trial-balance?fiscal_year=2026')).rows;
        const ledgers = await Promise.all(trial.map((row) => get(client, `general-ledger/${row.account}?from=2026-01-01&to=2026-12-31`)));

        expect([byCenter.totals.result, byObject.totals.result]).toEqual([result, result]);
        expect(sumCents(byCenter.rows.map((row: { result: string }) => row.result))).toBe(cents(result));
        expect(sumCents(byObject.rows.map((row: { result: string }) => row.result))).toBe(cents(result));
        expect(ledgers.map((ledger) => [ledger.account, ledger.closing_balance])).toEqual(trial.map((row) => [row.account, row.balance]));
      }),
      { numRuns: 10 },
    );
  });
});
