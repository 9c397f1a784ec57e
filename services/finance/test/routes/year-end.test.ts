import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { closePeriods } from './year-end-helpers.js';

let finance: TestFinance;
let client: Client;
// The figures of 2026 as the reports show them before the closing.
let before: { balanceSheet: Json; profitAndLoss: Json };
let closing: { statusCode: number; body: Json };

// biome-ignore lint/suspicious/noExplicitAny: report bodies are read loosely; each assertion names what it relies on.
type Json = any;
type Row = { account: string; type: string; balance: string };

const report = async (path: string) => (await client.get(`${FINANCE}/reports/${path}`)).json();
const balances = (trialBalance: { rows: Row[] }) => new Map(trialBalance.rows.map((row) => [row.account, row]));
const isProfitAndLoss = (row: Row) => row.type === 'revenue' || row.type === 'expense';

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
  await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K100', name: 'Vertrieb' });
  await client.post(`${FINANCE}/accounts`, { number: '0421', name: 'Altes Mobiliar', type: 'asset' });
  await postEntry(client, entryInput({ posting_date: '2026-01-02', lines: [debit('1200', '25000.00'), credit('0800', '25000.00')] }));
  await postEntry(
    client,
    entryInput({ posting_date: '2026-02-10', lines: [debit('1400', '11900.00'), { ...credit('8400', '11900.00'), cost_center: 'K100' }] }),
  );
  await postEntry(client, entryInput({ posting_date: '2026-03-05', lines: [debit('4930', '333.33', { tax_code: 'VSt19' }), credit('1200', '333.33')] }));
  await postEntry(client, entryInput({ posting_date: '2026-06-30', lines: [debit('4210', '1500.00'), credit('1200', '1500.00')] }));
  await postEntry(client, entryInput({ posting_date: '2026-07-01', lines: [debit('0421', '800.00'), credit('1200', '800.00')] }));
  await postEntry(
    client,
    entryInput({ posting_date: '2026-09-15', currency: 'USD', exchange_rate: '1.0856', lines: [debit('1200', '108.56'), credit('8200', '108.56')] }),
  );
  await postEntry(client, entryInput({ posting_date: '2026-12-31', lines: [debit('1200', '11900.00'), credit('1400', '11900.00')] }));
  // An inactive account keeps its balance and is carried forward all the same.
  await client.request('PATCH', `${FINANCE}/accounts/0421`, { inactive: true });
  await closePeriods(client, 2026);
  before = { balanceSheet: await report('balance-sheet?fiscal_year=2026'), profitAndLoss: await report('profit-and-loss?fiscal_year=2026') };
  const response = await client.post(`${FINANCE}/fiscal-years/2026/close`, { reason: 'Jahresabschluss 2026 festgestellt' });
  closing = { statusCode: response.statusCode, body: response.json() };
});
afterAll(() => finance.close());

describe('POST /api/v1/finance/fiscal-years/:year/close', () => {
  it('should answer 201 with the result, its account and the posted closing and opening entries', async () => {
    const result = before.profitAndLoss.result;

    expect(closing.statusCode).toBe(201);
    expect(closing.body).toMatchObject({
      year: 2026,
      next_year: 2027,
      result,
      result_account: '0860',
      reason: 'Jahresabschluss 2026 festgestellt',
      closed_by: client.userId,
    });
    // 10000.00 + 100.00 (USD 108.56 at 1.0856) - 280.11 (333.33 less 19 % input tax) - 1500.00.
    expect(result).toBe('8319.89');
    expect(closing.body.closing_entries).toHaveLength(1);
    expect(closing.body.opening_entries).toHaveLength(1);
  });

  it('should leave every P&L account of 2026 at zero and the trial balance at zero', async () => {
    const trialBalance = await report('trial-balance?fiscal_year=2026');

    expect(trialBalance.rows.filter(isProfitAndLoss).map((row: Row) => row.balance)).toEqual(trialBalance.rows.filter(isProfitAndLoss).map(() => '0.00'));
    expect(trialBalance.rows.filter(isProfitAndLoss).length).toBeGreaterThan(3);
    expect(trialBalance.totals.balance).toBe('0.00');
    expect(balances(trialBalance).get('0860')?.balance).toBe('-8319.89');
  });

  it("should open 2027 with each balance-sheet account's 2026 balance to the cent, and the 2027 trial balance at zero", async () => {
    const closed = balances(await report('trial-balance?fiscal_year=2026'));
    const opened = await report('trial-balance?fiscal_year=2027&period_to=1');

    const carried = [...closed.values()].filter((row) => !isProfitAndLoss(row) && row.balance !== '0.00');
    expect(Object.fromEntries(opened.rows.map((row: Row) => [row.account, row.balance]))).toEqual(
      Object.fromEntries(carried.map((row) => [row.account, row.balance])),
    );
    expect(carried.map((row) => row.account)).toEqual(expect.arrayContaining(['0421', '0800', '0860', '1200', '1576', '1776']));
    expect(opened.totals.balance).toBe('0.00');
  });

  it("should keep 2026's statements as they were, and balance 2027's first period with the result carried in equity", async () => {
    const balanceSheet2026 = await report('balance-sheet?fiscal_year=2026');
    const opening = await report('balance-sheet?fiscal_year=2027&period=1');
    const equity = opening.equity_and_liabilities.positions.find((position: { number: string }) => position.number === 'A');

    expect(balanceSheet2026).toEqual(before.balanceSheet);
    expect(await report('profit-and-loss?fiscal_year=2026')).toEqual(before.profitAndLoss);
    expect(opening).toMatchObject({ balanced: true, difference: '0.00', net_income: '0.00' });
    expect([opening.assets.total, opening.equity_and_liabilities.total]).toEqual([
      before.balanceSheet.assets.total,
      before.balanceSheet.equity_and_liabilities.total,
    ]);
    expect(JSON.stringify(equity)).toContain('"account":"0860"');
  });

  it('should post the entries like any other: numbered after the last, sealed, in the right periods, with an intact chain', async () => {
    const [closingId] = closing.body.closing_entries;
    const [openingId] = closing.body.opening_entries;
    const closingEntry = (await client.get(`${FINANCE}/transactions/${closingId}`)).json();
    const openingEntry = (await client.get(`${FINANCE}/transactions/${openingId}`)).json();
    const verify = await Promise.all([2026, 2027].map(async (year) => (await client.get(`${FINANCE}/audit/verify?fiscal_year=${year}`)).json()));

    expect(closingEntry).toMatchObject({ status: 'posted', fiscal_year: 2026, period: 12, number: 8, posting_date: '2026-12-31', document_ref: 'JA-2026' });
    expect(openingEntry).toMatchObject({ status: 'posted', fiscal_year: 2027, period: 1, number: 1, posting_date: '2027-01-01', document_ref: 'EB-2027' });
    expect(closingEntry.lines.every((line: { cost_center: unknown; tax_code: unknown }) => line.cost_center === null && line.tax_code === null)).toBe(true);
    expect(verify.map((result) => result.status)).toEqual(['intact', 'intact']);
  });

  it('should mark the year closed and show the closing again', async () => {
    const year = (await client.get(`${FINANCE}/fiscal-years/2026`)).json();
    const again = await client.get(`${FINANCE}/fiscal-years/2026/closing`);
    const open = await client.get(`${FINANCE}/fiscal-years/2027/closing`);
    const audit = (await client.get(`${FINANCE}/audit/log?limit=5`)).json();

    expect(year.closed_at).toBe(closing.body.closed_at);
    expect([again.statusCode, again.json()]).toEqual([200, closing.body]);
    expect([open.statusCode, open.json().code]).toEqual([404, 'FIN_FISCAL_YEAR_NOT_CLOSED']);
    expect(audit.items.find((item: { action: string }) => item.action === 'fiscal_year.closed')).toMatchObject({ subject: '2026' });
  });

  it("should answer a second closing with 409 naming the existing entries' ids, and write nothing", async () => {
    const response = await client.post(`${FINANCE}/fiscal-years/2026/close`, {});

    expect([response.statusCode, response.json().code]).toEqual([409, 'FIN_FISCAL_YEAR_CLOSED']);
    expect(response.json().detail).toContain(closing.body.closing_entries[0]);
    expect(response.json().detail).toContain(closing.body.opening_entries[0]);
    expect((await client.get(`${FINANCE}/fiscal-years/2026`)).json().last_number).toBe(8);
  });

  it('should refuse postings into the closed year and the reopening of its periods, but still lock them', async () => {
    const posting = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-11-30' }));
    const reopen = await client.post(`${FINANCE}/fiscal-years/2026/periods/11/reopen`, { reason: 'Nachbuchung' });
    const lock = await client.post(`${FINANCE}/fiscal-years/2026/periods/11/lock`, {});

    expect([posting.statusCode, posting.json().code]).toEqual([409, 'FIN_FISCAL_YEAR_CLOSED']);
    expect([reopen.statusCode, reopen.json().code]).toEqual([409, 'FIN_FISCAL_YEAR_CLOSED']);
    expect([lock.statusCode, lock.json().status]).toEqual([200, 'locked']);
  });
});
