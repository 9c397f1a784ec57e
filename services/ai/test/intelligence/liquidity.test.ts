import { describe, expect, it } from 'vitest';
import { backtestLiquidity } from '../../src/intelligence/forecasting/liquidity-backtest.js';
import { forecastLiquidity, type LiquidityInput, NEUTRAL_SCENARIO } from '../../src/intelligence/forecasting/liquidity-forecast.js';
import { liquidityReport } from '../../src/intelligence/forecasting/liquidity-report.js';
import { type BankMovement, findRecurringItems, occurrenceDate } from '../../src/intelligence/forecasting/recurring.js';
import { addMonths, daysInMonth } from '../../src/intelligence/statistics/dates.js';

/** A company's bank: customers pay 30 000 mid-month (more in December), salaries on the 28th, rent on the 1st, office costs on the 5th and 20th. */
function history(months: number, firstMonth = '2024-01'): BankMovement[] {
  const movements: BankMovement[] = [];
  for (let index = 0; index < months; index += 1) {
    const month = addMonths(firstMonth, index);
    const december = month.endsWith('-12') ? 1.5 : 1;
    const day = (value: number) => `${month}-${String(Math.min(value, daysInMonth(month))).padStart(2, '0')}`;
    movements.push({ date: day(14), amount: 18_000 * december + (index % 3) * 500, counterAccount: '1400', counterparty: 'becker' });
    movements.push({ date: day(16), amount: 12_000 * december - (index % 2) * 400, counterAccount: '1400', counterparty: 'schulz' });
    movements.push({ date: day(28), amount: -18_500, counterAccount: '4120', counterparty: 'gehalter' });
    movements.push({ date: day(1), amount: -2_850, counterAccount: '4210', counterparty: 'hausverwaltung meyer' });
    movements.push({ date: day(5), amount: -300 - (index % 4) * 50, counterAccount: '4930', counterparty: 'viking' });
    movements.push({ date: day(20), amount: -350 - (index % 5) * 40, counterAccount: '4930', counterparty: 'otto office' });
    if (['02', '05', '08', '11'].includes(month.slice(5)))
      movements.push({ date: day(15), amount: -4_000, counterAccount: '4320', counterparty: 'stadtkasse' });
  }
  return movements;
}

/** One payment a month in 2025 on `day`, to `account`, with the given amounts. */
const monthly = (account: string, day: number, amounts: readonly number[]): BankMovement[] =>
  amounts.map((amount, index) => ({
    date: `${addMonths('2025-01', index)}-${String(day).padStart(2, '0')}`,
    amount,
    counterAccount: account,
    counterparty: 'x',
  }));

const input = (overrides: Partial<LiquidityInput> = {}): LiquidityInput => ({
  asOf: '2026-12-31',
  openingBalance: 50_000,
  movements: history(36),
  horizonWeeks: 13,
  scenario: NEUTRAL_SCENARIO,
  openItems: [],
  chart: 'skr03',
  ...overrides,
});

describe('findRecurringItems', () => {
  it('should find payroll, rent and a quarterly tax on their days, and leave varying flows to the statistics', () => {
    const items = findRecurringItems(history(24), '2025-12', 'skr03');

    expect(items.map((item) => [item.kind, item.counterAccount, item.cadence, item.dayOfMonth, item.amount])).toEqual(
      expect.arrayContaining([
        ['payroll', '4120', 'monthly', 28, -18_500],
        ['rent', '4210', 'monthly', 1, -2_850],
        ['tax', '4320', 'quarterly', 15, -4_000],
      ]),
    );
    expect(items.find((item) => item.counterAccount === '4320')?.monthInQuarter).toBe(2);
  });

  it('should expect the mean of skewed amounts such as VAT, not the median of the last three', () => {
    const vat = [-5_000, -5_200, -9_800, -5_100, -4_900, -12_000, -5_300, -5_000, -8_700, -5_100, -4_800, -5_200];

    const item = findRecurringItems(monthly('1780', 10, vat), '2025-12', 'skr03')[0];

    expect(item?.amount).toBeCloseTo(vat.reduce((sum, amount) => sum + amount, 0) / vat.length, 6);
  });

  it('should expect the new amount from three months after a raise on', () => {
    const wiggle = [0, 40, -30, 10, -20, 30, -40, 20, -10, 30, -30, 0];
    const payroll = wiggle.map((noise, index) => (index < 7 ? -18_500 : -20_000) + noise);

    const item = findRecurringItems(monthly('4120', 28, payroll), '2025-12', 'skr03')[0];

    expect(item?.amount).toBeCloseTo(payroll.slice(7).reduce((sum, amount) => sum + amount, 0) / 5, 6);
  });

  it('should move a date on a weekend to the Friday before', () => {
    const payroll = findRecurringItems(history(24), '2025-12', 'skr03').find((item) => item.kind === 'payroll');
    if (!payroll) throw new Error('payroll not found');

    // 2026-02-28 is a Saturday.
    expect(occurrenceDate(payroll, '2026-02')).toBe('2026-02-27');
  });
});

describe('forecastLiquidity', () => {
  it('should forecast week by week from the opening balance, with ordered intervals', () => {
    const forecast = forecastLiquidity(input());

    expect(forecast.weeks).toHaveLength(13);
    expect(forecast.weeks[0]?.start).toBe('2027-01-01');
    let balance = 50_000;
    for (const week of forecast.weeks) {
      balance += week.inflow - week.outflow;
      expect(week.balance).toBeCloseTo(balance, 6);
      expect([week.lower95, week.lower80, week.balance, week.upper80, week.upper95]).toEqual(
        [...[week.lower95, week.lower80, week.balance, week.upper80, week.upper95]].sort((a, b) => a - b),
      );
    }
  });

  it('should put payroll at month end and reproduce a steady month', () => {
    const forecast = forecastLiquidity(input());
    const january = forecast.months[0];

    expect(january?.outflow).toBeGreaterThan(18_500 + 2_850);
    expect(january?.inflow).toBeGreaterThan(28_000);
    expect(january?.inflow).toBeLessThan(33_000);
    const payrollWeek = forecast.weeks.find((week) => week.start <= '2027-01-28' && week.end >= '2027-01-28');
    expect(payrollWeek?.outflow).toBeGreaterThan(18_500);
  });

  it('should count known open items as part of the month, not on top of it', () => {
    const base = forecastLiquidity(input());
    const withItems = forecastLiquidity(input({ openItems: [{ dueDate: '2027-01-12', amount: 40_000 }] }));

    const baseJanuary = base.months[0]?.inflow ?? 0;
    expect(withItems.months[0]?.inflow).toBeCloseTo(Math.max(40_000, baseJanuary), 6);
    const week = withItems.weeks.find((period) => period.start <= '2027-01-12' && period.end >= '2027-01-12');
    expect(week?.inflow).toBeGreaterThanOrEqual(40_000);
  });

  it('should apply the scenario: less revenue, later payments and one-off payments', () => {
    const base = forecastLiquidity(input());
    const halved = forecastLiquidity(input({ scenario: { ...NEUTRAL_SCENARIO, revenuePercent: -50 } }));
    const late = forecastLiquidity(input({ scenario: { ...NEUTRAL_SCENARIO, paymentDelayDays: 14 } }));
    const oneOff = forecastLiquidity(
      input({ scenario: { ...NEUTRAL_SCENARIO, oneOffPayments: [{ date: '2027-01-20', amount: -10_000, description: 'Maschine' }] } }),
    );

    expect(halved.months[0]?.inflow).toBeCloseTo((base.months[0]?.inflow ?? 0) / 2, 6);
    expect(late.weeks[0]?.inflow).toBe(0);
    expect(late.weeks[1]?.inflow).toBe(0);
    expect(oneOff.weeks.at(-1)?.balance).toBeCloseTo((base.weeks.at(-1)?.balance ?? 0) - 10_000, 6);
  });

  it('should use the mean when the history is shorter than a year', () => {
    const forecast = forecastLiquidity(input({ movements: history(6, '2026-07') }));

    expect(forecast.inflowModel.method).toBe('mean');
    expect(forecast.historyMonths).toBe(6);
  });
});

describe('backtestLiquidity', () => {
  it('should report MAPE and MASE on the last year held out, next to the seasonal naive method', () => {
    const result = backtestLiquidity({ asOf: '2026-12-31', openingBalance: 50_000, movements: history(36), chart: 'skr03' });

    expect(result).toMatchObject({ holdoutMonths: 12, cutOff: '2025-12-31' });
    expect(result?.mape).toEqual(expect.any(Number));
    expect(result?.mase).toEqual(expect.any(Number));
    expect(result?.seasonalNaiveMape).toEqual(expect.any(Number));
  });

  it('should give no backtest with less than a year to train on', () => {
    expect(backtestLiquidity({ asOf: '2026-12-31', openingBalance: 0, movements: history(20, '2025-05'), chart: 'skr03' })).toBeUndefined();
  });
});

describe('liquidityReport', () => {
  it('should warn of a shortfall in both languages when the balance falls below the floor', () => {
    const forecast = forecastLiquidity(input({ openingBalance: 1_000, scenario: { ...NEUTRAL_SCENARIO, revenuePercent: -80 } }));

    const report = liquidityReport({ forecast, baseline: undefined, backtest: undefined, openItems: [], minimumBalance: 0 });

    expect(report.recommendations[0]?.code).toBe('shortfall');
    expect(report.recommendations[0]?.text.de).toMatch(/^Engpass erwartet: In der Woche ab \d{4}-\d{2}-\d{2} fällt der Bestand voraussichtlich auf -/);
    expect(report.recommendations[0]?.text.en).toMatch(/^Shortfall expected/);
    expect(report.summary.de).toContain('Bankbestand am 2026-12-31: 1.000,00 EUR');
  });

  it('should say there is no shortfall, name the payroll week and the overdue receivables', () => {
    const forecast = forecastLiquidity(input({ openingBalance: 500_000 }));

    const report = liquidityReport({
      forecast,
      baseline: undefined,
      backtest: undefined,
      openItems: [{ dueDate: '2026-12-01', amount: 5_000 }],
      minimumBalance: 0,
    });

    const codes = report.recommendations.map((recommendation) => recommendation.code);
    expect(codes).toEqual(expect.arrayContaining(['no_shortfall', 'peak_outflow', 'surplus', 'overdue_receivables']));
    expect(report.recommendations.find((recommendation) => recommendation.code === 'peak_outflow')?.text.de).toContain('(Löhne');
  });
});
