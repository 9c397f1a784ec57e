import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LedgerEntry } from '../../src/intelligence/ledger/ledger-entry.js';
import { addMonths } from '../../src/intelligence/statistics/dates.js';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { bankPayment, credit, debit, ledgerEntry, loadLedger } from '../intelligence/ledger-fixtures.js';

let ai: TestAi;
const tenantA = newTenant();
const URL = '/api/v1/finance/llm/forecasts/liquidity';

/** Thirty months of a small company's bank: customer receipts mid-month, rent on the 1st, office costs, salaries on the 28th. */
function bankHistory(): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (let index = 0; index < 30; index += 1) {
    const month = addMonths('2024-01', index);
    const receipt = (28_000 + (index % 4) * 1_500 + (month.endsWith('-12') ? 8_000 : 0)).toFixed(2);
    entries.push(ledgerEntry({ postingDate: `${month}-14`, description: 'Becker GmbH Zahlung', lines: [debit('1200', receipt), credit('1400', receipt)] }));
    entries.push(bankPayment({ description: 'Hausverwaltung Meyer Miete', gross: '2850.00', expense: '4210', date: `${month}-01`, taxCode: null }));
    entries.push(bankPayment({ description: 'Viking Bürobedarf', gross: (300 + (index % 3) * 57.1).toFixed(2), expense: '4930', date: `${month}-05` }));
    entries.push(bankPayment({ description: 'Gehälter', gross: '18500.00', expense: '4120', date: `${month}-28`, taxCode: null }));
  }
  return entries;
}

const history = bankHistory();
const expectedOpening = history
  .flatMap((entry) => entry.lines)
  .filter((line) => line.account === '1200')
  .reduce((sum, line) => sum.plus(line.debit).minus(line.credit), new Decimal(0))
  .toFixed(2);

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
  await loadLedger(ai.db, tenantA, history);
});
afterAll(() => ai.close());

async function get(tenantId: string, query: string) {
  return ai.app.inject({ method: 'GET', url: `${URL}${query}`, headers: await ai.headers(tenantId) });
}

async function post(tenantId: string, payload: unknown) {
  return ai.app.inject({ method: 'POST', url: URL, headers: await ai.headers(tenantId), payload: payload as Record<string, unknown> });
}

describe('GET /api/v1/finance/llm/forecasts/liquidity', () => {
  it('should forecast the bank balance week by week from the exact balance, with backtest and a German report', async () => {
    const response = await get(tenantA, '?as_of=2026-06-30&horizon_weeks=8');

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ as_of: '2026-06-30', currency: 'EUR', chart: 'skr03', opening_balance: expectedOpening, history_months: 30, cached: false });
    expect(body.weeks).toHaveLength(8);
    expect(body.weeks[0]).toMatchObject({ start: '2026-07-01', end: '2026-07-05' });
    expect(body.weeks[0].balance).toMatch(/^-?\d+\.\d{2}$/);
    expect(body.months.map((month: { start: string }) => month.start)).toEqual(['2026-07-01', '2026-08-01']);
    expect(body.recurring).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'payroll', account: '4120', day_of_month: 28, amount: '-18500.00' })]),
    );
    expect(body.backtest).toMatchObject({ holdout_months: 12, cut_off: '2025-06-30' });
    expect(body.report.language).toBe('de');
    expect(body.report.summary).toMatch(/^Bankbestand am 2026-06-30/);
  });

  it('should answer a repeated request from the cache, and in English when asked', async () => {
    const query = '?as_of=2026-06-30&horizon_weeks=4&lang=en';

    const [first, second] = [await get(tenantA, query), await get(tenantA, query)];

    expect(first.json().cached).toBe(false);
    expect(second.json()).toMatchObject({ cached: true, report: { language: 'en' } });
    expect(second.json().weeks).toEqual(first.json().weeks);
    expect(second.json().report.summary).toMatch(/^Bank balance on 2026-06-30/);
  });

  it('should apply a scenario from the query and compare it with the baseline', async () => {
    const base = (await get(tenantA, '?as_of=2026-06-30&horizon_weeks=8')).json();

    const scenario = (await get(tenantA, '?as_of=2026-06-30&horizon_weeks=8&revenue_pct=-20&one_off=2026-07-15:-10000.00')).json();

    expect(scenario.baseline).toMatchObject({ end_balance: base.weeks.at(-1).balance });
    expect(Number(scenario.weeks.at(-1).balance)).toBeLessThan(Number(base.weeks.at(-1).balance) - 10_000);
    expect(scenario.report.recommendations.map((recommendation: { code: string }) => recommendation.code)).toContain('scenario_effect');
  });

  it("should know nothing of another tenant's bank", async () => {
    const response = await get(newTenant(), '?as_of=2026-06-30');

    expect(response.json()).toMatchObject({ opening_balance: '0.00', history_months: 0, recurring: [], backtest: null });
  });

  it('should read the SKR04 bank group when told the chart', async () => {
    const response = await get(tenantA, '?as_of=2026-06-30&chart=skr04');

    expect(response.json()).toMatchObject({ chart: 'skr04', opening_balance: '0.00' });
  });

  it.each([
    ['a horizon of 0 weeks', '?horizon_weeks=0'],
    ['a horizon of 105 weeks', '?horizon_weeks=105'],
    ['a horizon that is no number', '?horizon_weeks=abc'],
    ['a revenue change below -100 %', '?revenue_pct=-101'],
    ['a malformed one-off payment', '?one_off=2026-07-15=-100'],
    ['an impossible as_of', '?as_of=2026-13-01'],
    ['a malformed minimum balance', '?minimum_balance=1e6'],
  ])('should refuse %s with a 400 problem', async (_case, query) => {
    const response = await get(tenantA, query);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('should refuse a one-off payment years away from as_of', async () => {
    const response = await get(tenantA, '?as_of=2026-06-30&one_off=2099-01-01:-5.00');

    expect(response.json()).toMatchObject({ status: 400, code: 'AI_LEDGER_QUERY_INVALID' });
  });
});

describe('POST /api/v1/finance/llm/forecasts/liquidity', () => {
  it('should count known open items into their weeks and warn of overdue receivables', async () => {
    const payload = {
      as_of: '2026-06-30',
      horizon_weeks: 6,
      lang: 'en',
      open_items: [
        { due_date: '2026-07-08', amount: '60000.00', kind: 'receivable', description: 'RE-2026-77' },
        { due_date: '2026-06-20', amount: '5000.00', kind: 'receivable' },
        { due_date: '2026-07-20', amount: '7000.00', kind: 'payable' },
      ],
    };

    const response = await post(tenantA, payload);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    const week = body.weeks.find((period: { start: string; end: string }) => period.start <= '2026-07-08' && period.end >= '2026-07-08');
    expect(Number(week.inflow)).toBeGreaterThanOrEqual(60_000);
    expect(body.cached).toBe(false);
    expect(body.report.recommendations.map((recommendation: { code: string }) => recommendation.code)).toContain('overdue_receivables');
  });

  it('should take the scenario from the body', async () => {
    const response = await post(tenantA, {
      as_of: '2026-06-30',
      scenario: { payment_delay_days: 30, one_off_payments: [{ date: '2026-07-03', amount: '-1000.00', description: 'Laptop' }] },
    });

    expect(response.statusCode).toBe(200);
    expect(Number(response.json().weeks[0].inflow)).toBe(0);
    expect(response.json().baseline).not.toBeNull();
  });

  it.each([
    ['an open item without kind', { open_items: [{ due_date: '2026-07-01', amount: '1.00' }] }],
    ['a signed open item amount', { open_items: [{ due_date: '2026-07-01', amount: '-1.00', kind: 'payable' }] }],
    ['more than 5000 open items', { open_items: Array.from({ length: 5001 }, () => ({ due_date: '2026-07-01', amount: '1.00', kind: 'payable' })) }],
    ['an unknown field', { as_of: '2026-06-30', currency: 'USD' }],
    ['a scenario as a string', { scenario: 'bad times' }],
    ['a body that is not an object', [1, 2, 3]],
  ])('should refuse %s with a 400 problem', async (_case, payload) => {
    const response = await post(tenantA, payload);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('should refuse an open item due decades away with 400', async () => {
    const response = await post(tenantA, { as_of: '2026-06-30', open_items: [{ due_date: '2070-01-01', amount: '1.00', kind: 'payable' }] });

    expect(response.json()).toMatchObject({ status: 400, code: 'AI_LEDGER_QUERY_INVALID' });
  });

  it('should refuse a body over the size limit with 413', async () => {
    const response = await post(tenantA, {
      open_items: Array.from({ length: 4000 }, () => ({ due_date: '2026-07-01', amount: '1.00', kind: 'payable', description: 'x'.repeat(200) })),
    });

    expect(response.statusCode).toBe(413);
  });
});
