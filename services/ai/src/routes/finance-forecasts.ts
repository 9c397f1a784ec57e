import { getPrincipal, type ServiceApp } from '@erp/kit';
import type { Static } from 'typebox';
import { LedgerQueryInvalidError } from '../errors.js';
import { type ForecastRequest, forecastBankBalance, inLanguage } from '../intelligence/forecast-flow.js';
import type { LiquidityScenario } from '../intelligence/forecasting/liquidity-forecast.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import { withModelReport } from '../intelligence/model/report-writing.js';
import { daysBetween, toDay } from '../intelligence/statistics/dates.js';
import { ForecastBody, ForecastQuery, languageOf } from './finance-schemas.js';

/** Dates of one-off payments and open items may lie this far from as_of; further ones are surely mistakes. */
const DATE_REACH_DAYS = 5 * 366;

function checkDate(asOf: string, date: string, what: string): void {
  if (Math.abs(daysBetween(asOf, date)) > DATE_REACH_DAYS) throw new LedgerQueryInvalidError(`${what} ${date} lies more than five years from as_of ${asOf}.`);
}

function scenarioOf(
  asOf: string,
  scenario: { revenue_pct?: number; payment_delay_days?: number; oneOffs: { date: string; amount: string; description?: string }[] },
): LiquidityScenario {
  for (const payment of scenario.oneOffs) checkDate(asOf, payment.date, 'The one-off payment on');
  return {
    revenuePercent: scenario.revenue_pct ?? 0,
    paymentDelayDays: scenario.payment_delay_days ?? 0,
    // Scenario amounts enter a statistical forecast; they are estimates in binary floats from here on.
    oneOffPayments: scenario.oneOffs.map((payment) => ({ date: payment.date, amount: Number(payment.amount), description: payment.description ?? '' })),
  };
}

function requestOf(
  now: Date,
  common: Static<typeof ForecastQuery> | Static<typeof ForecastBody>,
  scenario: LiquidityScenario | ((asOf: string) => LiquidityScenario),
  openItems: Static<typeof ForecastBody>['open_items'],
  cacheable: boolean,
): ForecastRequest {
  const asOf = common.as_of ?? toDay(now);
  for (const item of openItems ?? []) checkDate(asOf, item.due_date, 'The open item due on');
  return {
    asOf,
    horizonWeeks: common.horizon_weeks ?? 13,
    scenario: typeof scenario === 'function' ? scenario(asOf) : scenario,
    openItems: (openItems ?? []).map((item) => ({ dueDate: item.due_date, amount: item.kind === 'receivable' ? Number(item.amount) : -Number(item.amount) })),
    minimumBalance: common.minimum_balance ?? '0.00',
    chart: common.chart,
    cacheable,
  };
}

/**
 * `/forecasts/liquidity`: the bank and cash balance per week and month ahead, with intervals, scenario,
 * backtest and a worded report (by the tenant's language model when one is configured for `forecast-report`,
 * else from templates). GET takes the scenario in the query; POST also takes known open items.
 */
export async function financeForecastRoutes(app: ServiceApp, { intelligence }: { intelligence: IntelligenceContext }): Promise<void> {
  const config = { permission: 'ai.suggestions:read' as const };

  app.get('/forecasts/liquidity', { config, schema: { querystring: ForecastQuery } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const query = request.query;
    const oneOffs = (query.one_off?.split(';') ?? []).map((pair) => {
      const [date = '', amount = ''] = pair.split(':');
      return { date, amount };
    });
    const forecast = requestOf(intelligence.now(), query, (asOf) => scenarioOf(asOf, { ...query, oneOffs }), [], true);
    const { answer, cached } = await forecastBankBalance(intelligence, tenantId, forecast);
    const worded = await withModelReport(intelligence.model, { tenantId, requestId: String(request.id) }, inLanguage(answer, languageOf(request, query.lang)));
    return { ...worded, cached };
  });

  app.post('/forecasts/liquidity', { config, schema: { body: ForecastBody } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const body = request.body;
    const scenario = (asOf: string) => scenarioOf(asOf, { ...body.scenario, oneOffs: body.scenario?.one_off_payments ?? [] });
    const forecast = requestOf(intelligence.now(), body, scenario, body.open_items, false);
    const { answer, cached } = await forecastBankBalance(intelligence, tenantId, forecast);
    const worded = await withModelReport(intelligence.model, { tenantId, requestId: String(request.id) }, inLanguage(answer, languageOf(request, body.lang)));
    return { ...worded, cached };
  });
}
