import { createHash } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { Decimal } from 'decimal.js';
import { findGeneration } from '../db/ledger-entries.js';
import { findBankBalance, findBankMovements } from '../db/ledger-queries.js';
import { backtestLiquidity, type LiquidityBacktest } from './forecasting/liquidity-backtest.js';
import {
  forecastLiquidity,
  type LiquidityForecast,
  type LiquidityScenario,
  NEUTRAL_SCENARIO,
  type OpenItem,
  type PeriodForecast,
} from './forecasting/liquidity-forecast.js';
import { type LiquidityReport, liquidityReport } from './forecasting/liquidity-report.js';
import type { IntelligenceContext } from './intelligence-context.js';
import type { Language } from './language.js';
import type { ChartName } from './ledger/chart.js';
import { addMonths, monthOf } from './statistics/dates.js';
import { tenantChart } from './tenant-chart.js';

export interface ForecastRequest {
  readonly asOf: string;
  readonly horizonWeeks: number;
  readonly scenario: LiquidityScenario;
  readonly openItems: readonly OpenItem[];
  /** EUR, exact. */
  readonly minimumBalance: string;
  readonly chart: ChartName | undefined;
  /** Cache the answer (a GET); a POST with its own open items is computed every time. */
  readonly cacheable: boolean;
}

/** History read for a forecast: five years, the longest the models use. */
const HISTORY_MONTHS = 60;

const money = (value: number) => new Decimal(value.toFixed(2)).toFixed(2);

function periodAnswer(period: PeriodForecast) {
  return {
    start: period.start,
    end: period.end,
    inflow: money(period.inflow),
    outflow: money(period.outflow),
    balance: money(period.balance),
    lower_80: money(period.lower80),
    upper_80: money(period.upper80),
    lower_95: money(period.lower95),
    upper_95: money(period.upper95),
  };
}

function answerOf(
  forecast: LiquidityForecast,
  opening: string,
  chart: ChartName,
  baseline: LiquidityForecast | undefined,
  backtest: LiquidityBacktest | undefined,
  report: LiquidityReport,
) {
  const lowest = (periods: readonly PeriodForecast[]) => Math.min(...periods.map((period) => period.balance));
  return {
    as_of: forecast.asOf,
    currency: 'EUR',
    chart,
    opening_balance: opening,
    history_months: forecast.historyMonths,
    models: {
      inflows: { method: forecast.inflowModel.method, parameters: forecast.inflowModel.parameters },
      outflows: { method: forecast.outflowModel.method, parameters: forecast.outflowModel.parameters },
    },
    recurring: forecast.recurring.map((item) => ({
      kind: item.kind,
      account: item.counterAccount,
      counterparty: item.counterparty,
      cadence: item.cadence,
      day_of_month: item.dayOfMonth,
      amount: money(item.amount),
    })),
    weeks: forecast.weeks.map(periodAnswer),
    months: forecast.months.map(periodAnswer),
    baseline: baseline ? { lowest_balance: money(lowest(baseline.weeks)), end_balance: money(baseline.weeks.at(-1)?.balance ?? 0) } : null,
    backtest: backtest
      ? {
          holdout_months: backtest.holdoutMonths,
          cut_off: backtest.cutOff,
          mape: backtest.mape,
          mase: backtest.mase,
          seasonal_naive_mape: backtest.seasonalNaiveMape,
        }
      : null,
    report,
  };
}

export type ForecastAnswer = ReturnType<typeof answerOf>;

const isNeutral = (scenario: LiquidityScenario) => scenario.revenuePercent === 0 && scenario.paymentDelayDays === 0 && scenario.oneOffPayments.length === 0;

/**
 * Forecasts the tenant's bank and cash balance from its ledger as of `asOf`, with the scenario, the known open
 * items, the backtest on the last year and the worded report; a GET's answer is cached per ledger generation.
 */
export async function forecastBankBalance(
  context: IntelligenceContext,
  tenantId: string,
  request: ForecastRequest,
): Promise<{ answer: ForecastAnswer; cached: boolean }> {
  const read = await withTenant(context.db, tenantId, async (trx) => {
    const generation = await findGeneration(trx, tenantId);
    const chart = request.chart ?? (await tenantChart(context, trx, tenantId, generation));
    const key = `forecast:${tenantId}:${generation}:${createHash('sha256')
      .update(JSON.stringify({ ...request, chart }))
      .digest('hex')}`;
    const hit = request.cacheable ? await context.cache.get<ForecastAnswer>(key).catch(() => undefined) : undefined;
    if (hit) return { key, hit, chart, opening: '0', movements: [] };
    const since = `${addMonths(monthOf(request.asOf), -HISTORY_MONTHS)}-01`;
    return {
      key,
      hit,
      chart,
      opening: await findBankBalance(trx, tenantId, chart, request.asOf),
      movements: await findBankMovements(trx, tenantId, chart, since, request.asOf),
    };
  });
  if (read.hit) return { answer: read.hit, cached: true };
  const base = {
    asOf: request.asOf,
    openingBalance: Number(read.opening),
    movements: read.movements,
    horizonWeeks: request.horizonWeeks,
    openItems: request.openItems,
    chart: read.chart,
  };
  const forecast = forecastLiquidity({ ...base, scenario: request.scenario });
  const baseline = isNeutral(request.scenario) ? undefined : forecastLiquidity({ ...base, scenario: NEUTRAL_SCENARIO });
  const backtest = backtestLiquidity(base);
  const report = liquidityReport({ forecast, baseline, backtest, openItems: request.openItems, minimumBalance: Number(request.minimumBalance) });
  const answer = answerOf(forecast, new Decimal(read.opening).toFixed(2), read.chart, baseline, backtest, report);
  if (request.cacheable) await context.cache.set(read.key, answer, { ttlMs: context.settings.cacheTtlMs }).catch(() => undefined);
  return { answer, cached: false };
}

/** The report of an answer in one language, and who wrote it: a language model or the templates. */
export interface ForecastReportInLanguage {
  readonly language: Language;
  readonly summary: string;
  readonly recommendations: readonly { readonly code: string; readonly text: string }[];
  readonly written_by: 'llm' | 'template';
}

/** The language-neutral answer with the templates' report in one language. */
export function inLanguage(answer: ForecastAnswer, language: Language): Omit<ForecastAnswer, 'report'> & { report: ForecastReportInLanguage } {
  return {
    ...answer,
    report: {
      language,
      summary: answer.report.summary[language],
      recommendations: answer.report.recommendations.map((recommendation) => ({ code: recommendation.code, text: recommendation.text[language] })),
      written_by: 'template',
    },
  };
}

export type ForecastInLanguage = ReturnType<typeof inLanguage>;
