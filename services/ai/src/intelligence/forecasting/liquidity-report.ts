import { fill, formatAmount, type Language, type Wording } from '../language.js';
import { monthOf } from '../statistics/dates.js';
import type { LiquidityBacktest } from './liquidity-backtest.js';
import type { LiquidityForecast, OpenItem, PeriodForecast } from './liquidity-forecast.js';
import { occurrenceDate, type RecurringItem } from './recurring.js';

export interface LiquidityReportInput {
  readonly forecast: LiquidityForecast;
  /** The forecast without the scenario, when a scenario was asked for. */
  readonly baseline: LiquidityForecast | undefined;
  readonly backtest: LiquidityBacktest | undefined;
  readonly openItems: readonly OpenItem[];
  /** The balance that should not be undercut, EUR. */
  readonly minimumBalance: number;
}

export interface LiquidityReport {
  readonly summary: Wording;
  readonly recommendations: readonly { readonly code: string; readonly text: Wording }[];
}

const T = {
  summary: {
    de: 'Bankbestand am {asOf}: {opening} EUR. In {weeks} Wochen voraussichtlich {end} EUR (80 %: {low} bis {high} EUR). Tiefststand {min} EUR in der Woche ab {minWeek}.',
    en: 'Bank balance on {asOf}: {opening} EUR. In {weeks} weeks probably {end} EUR (80%: {low} to {high} EUR). Lowest {min} EUR in the week from {minWeek}.',
  },
  shortfall: {
    de: 'Engpass erwartet: In der Woche ab {week} fällt der Bestand voraussichtlich auf {balance} EUR, unter die Untergrenze von {threshold} EUR. Kreditlinie prüfen, Zahlungsziele mit Lieferanten verhandeln oder Forderungen früher einziehen.',
    en: 'Shortfall expected: in the week from {week} the balance probably falls to {balance} EUR, below the floor of {threshold} EUR. Check the credit line, negotiate supplier terms or collect receivables earlier.',
  },
  shortfallRisk: {
    de: 'Engpass möglich: Im 80-%-Intervall kann der Bestand in der Woche ab {week} auf {low} EUR sinken (Untergrenze {threshold} EUR). Reserve oder Kreditlinie für diese Woche bereithalten.',
    en: 'Shortfall possible: within the 80% interval the balance may drop to {low} EUR in the week from {week} (floor {threshold} EUR). Keep a reserve or credit line ready for that week.',
  },
  peak: {
    de: 'Die höchsten Auszahlungen ({amount} EUR) fallen in der Woche ab {week} an{what}. Deckung rechtzeitig sicherstellen.',
    en: 'The largest payments ({amount} EUR) fall in the week from {week}{what}. Make sure they are covered in time.',
  },
  surplus: {
    de: 'Über drei Monatsausgaben hinaus liegen durchgehend mindestens {surplus} EUR bereit: Festgeld, Sondertilgung oder Skontonutzung erwägen.',
    en: 'Beyond three months of payments at least {surplus} EUR stay available throughout: consider a term deposit, an early repayment or taking supplier discounts.',
  },
  shortHistory: {
    de: 'Weniger als zwei Jahre Historie ({months} Monate): Prognose nach der Methode „{method}“, die Intervalle sind entsprechend breit. Bekannte offene Posten mitgeben verbessert sie.',
    en: 'Less than two years of history ({months} months): the forecast uses the "{method}" method and its intervals are wide. Passing known open items improves it.',
  },
  weakBacktest: {
    de: 'Im Rückblick auf die letzten zwölf Monate war die Prognose nicht besser als der Vorjahreswert (MASE {mase}): Zahlen mit Vorsicht lesen.',
    en: 'Over the last twelve months the forecast did not beat last year’s values (MASE {mase}): read the figures with care.',
  },
  overdue: {
    de: 'Überfällige Forderungen über {amount} EUR sind als Eingang in der ersten Woche angenommen: Mahnlauf anstoßen, damit das eintritt.',
    en: 'Overdue receivables of {amount} EUR are assumed to arrive in the first week: start dunning so that they do.',
  },
  scenario: {
    de: 'Im Szenario liegt der Tiefststand bei {min} EUR, {delta} EUR {direction} der Basisprognose.',
    en: 'In the scenario the lowest balance is {min} EUR, {delta} EUR {direction} the baseline.',
  },
  calm: {
    de: 'Kein Engpass absehbar; der Bestand bleibt im gesamten Zeitraum über der Untergrenze von {threshold} EUR.',
    en: 'No shortfall in sight; the balance stays above the floor of {threshold} EUR throughout.',
  },
} as const;

const KIND_WORDS: Readonly<Record<string, Wording>> = {
  payroll: { de: 'Löhne', en: 'payroll' },
  rent: { de: 'Miete', en: 'rent' },
  tax: { de: 'Steuern', en: 'taxes' },
};

function both(template: Wording, values: (language: Language) => Record<string, string | number>): Wording {
  return { de: fill(template.de, values('de')), en: fill(template.en, values('en')) };
}

const lowest = (periods: readonly PeriodForecast[], key: 'balance' | 'lower80') =>
  periods.reduce((low, period) => (period[key] < low[key] ? period : low), periods[0] as PeriodForecast);

/** The summary and the recommendations of a liquidity forecast, from fixed templates in German and English. */
export function liquidityReport(input: LiquidityReportInput): LiquidityReport {
  const { forecast } = input;
  const weeks = forecast.weeks;
  const last = weeks.at(-1) as PeriodForecast;
  const minimum = lowest(weeks, 'balance');
  const amount = (value: number) => (language: Language) => formatAmount(value.toFixed(2), language);
  const summary = both(T.summary, (language) => ({
    asOf: forecast.asOf,
    opening: amount(forecast.openingBalance)(language),
    weeks: weeks.length,
    end: amount(last.balance)(language),
    low: amount(last.lower80)(language),
    high: amount(last.upper80)(language),
    min: amount(minimum.balance)(language),
    minWeek: minimum.start,
  }));
  const recommendations: { code: string; text: Wording }[] = [];
  const threshold = (language: Language) => amount(input.minimumBalance)(language);
  const riskiest = lowest(weeks, 'lower80');
  if (minimum.balance < input.minimumBalance)
    recommendations.push({
      code: 'shortfall',
      text: both(T.shortfall, (l) => ({ week: minimum.start, balance: amount(minimum.balance)(l), threshold: threshold(l) })),
    });
  else if (riskiest.lower80 < input.minimumBalance)
    recommendations.push({
      code: 'shortfall_risk',
      text: both(T.shortfallRisk, (l) => ({ week: riskiest.start, low: amount(riskiest.lower80)(l), threshold: threshold(l) })),
    });
  recommendations.push(...peakRecommendation(forecast, amount));
  const monthlyOutflow = forecast.months.reduce((sum, month) => sum + month.outflow, 0) / Math.max(1, forecast.months.length);
  const surplus = minimum.balance - 3 * monthlyOutflow;
  if (surplus > 0 && monthlyOutflow > 0) recommendations.push({ code: 'surplus', text: both(T.surplus, (l) => ({ surplus: amount(surplus)(l) })) });
  if (forecast.historyMonths < 24)
    recommendations.push({
      code: 'short_history',
      text: both(T.shortHistory, () => ({ months: forecast.historyMonths, method: forecast.outflowModel.method })),
    });
  else if (input.backtest?.mase != null && input.backtest.mase > 1)
    recommendations.push({ code: 'weak_backtest', text: both(T.weakBacktest, () => ({ mase: input.backtest?.mase ?? '' })) });
  const overdue = input.openItems.filter((item) => item.amount > 0 && item.dueDate <= forecast.asOf).reduce((sum, item) => sum + item.amount, 0);
  if (overdue > 0) recommendations.push({ code: 'overdue_receivables', text: both(T.overdue, (l) => ({ amount: amount(overdue)(l) })) });
  if (input.baseline) recommendations.push(scenarioRecommendation(minimum.balance, lowest(input.baseline.weeks, 'balance').balance, amount));
  if (!recommendations.some((recommendation) => recommendation.code.startsWith('shortfall')))
    recommendations.unshift({ code: 'no_shortfall', text: both(T.calm, (l) => ({ threshold: threshold(l) })) });
  return { summary, recommendations };
}

function peakRecommendation(forecast: LiquidityForecast, amount: (value: number) => (language: Language) => string) {
  const peak = forecast.weeks.reduce((high, week) => (week.outflow > high.outflow ? week : high), forecast.weeks[0] as PeriodForecast);
  if (peak.outflow <= 0) return [];
  const months = [...new Set([monthOf(peak.start), monthOf(peak.end)])];
  const inWeek = (item: RecurringItem) =>
    months.some((month) => {
      const date = occurrenceDate(item, month);
      return date !== undefined && date >= peak.start && date <= peak.end;
    });
  const kinds = [...new Set(forecast.recurring.filter((item) => item.amount < 0 && KIND_WORDS[item.kind] && inWeek(item)).map((item) => item.kind))];
  const what = (language: Language) => (kinds.length === 0 ? '' : ` (${kinds.map((kind) => KIND_WORDS[kind]?.[language]).join(', ')})`);
  return [{ code: 'peak_outflow', text: both(T.peak, (l) => ({ amount: amount(peak.outflow)(l), week: peak.start, what: what(l) })) }];
}

function scenarioRecommendation(scenarioMinimum: number, baselineMinimum: number, amount: (value: number) => (language: Language) => string) {
  const delta = scenarioMinimum - baselineMinimum;
  const direction = delta < 0 ? { de: 'unter', en: 'below' } : { de: 'über', en: 'above' };
  return {
    code: 'scenario_effect',
    text: both(T.scenario, (l) => ({ min: amount(scenarioMinimum)(l), delta: amount(Math.abs(delta))(l), direction: direction[l] })),
  };
}
