import { mape, seasonalNaive } from '../forecasting/accuracy.js';
import { backtestLiquidity } from '../forecasting/liquidity-backtest.js';
import { forecastSeries } from '../forecasting/series-forecast.js';
import { benfordTest } from '../statistics/benford.js';
import type { AnomalySet } from './anomaly-set.js';
import { evaluateAnomalies } from './evaluate-anomalies.js';
import { evaluateSuggestions } from './evaluate-suggestions.js';
import { oracleBalanceMape } from './liquidity-oracle.js';
import { backtestAcrossSeeds, ratioToNaive } from './liquidity-seeds.js';
import type { LiquiditySet } from './liquidity-set.js';
import { createRandom } from './random.js';
import type { SuggestionSet } from './suggestion-set.js';

/** One line of the evaluation table. */
export interface EvaluationRow {
  readonly area: 'suggestions' | 'anomalies' | 'forecasts' | 'cache';
  readonly metric: string;
  readonly measured: string;
  readonly goal: string;
  /** Undefined for figures without a goal. */
  readonly met: boolean | undefined;
}

export interface EvaluationInput {
  readonly suggestions: SuggestionSet;
  readonly anomalies: AnomalySet;
  readonly liquidity: LiquiditySet;
  /** AirPassengers 1949-1960, monthly. */
  readonly airPassengers: readonly number[];
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function suggestionRows(set: SuggestionSet): EvaluationRow[] {
  const result = evaluateSuggestions(set);
  return [
    {
      area: 'suggestions',
      metric: `top-1 accuracy, known counterparties (n=${result.known.cases})`,
      measured: percent(result.known.top1),
      goal: '>= 95 %',
      met: result.known.top1 >= 0.95,
    },
    { area: 'suggestions', metric: 'top-3 accuracy, known counterparties', measured: percent(result.known.top3), goal: '', met: undefined },
    {
      area: 'suggestions',
      metric: `top-1 accuracy, unseen counterparties (n=${result.unseen.cases})`,
      measured: percent(result.unseen.top1),
      goal: '>= 75 %',
      met: result.unseen.top1 >= 0.75,
    },
    { area: 'suggestions', metric: 'top-3 accuracy, unseen counterparties', measured: percent(result.unseen.top3), goal: '', met: undefined },
  ];
}

/** Benford's test on 900 log-uniform amounts (which follow the law) and 900 made-up ones (first digits even). */
function benfordRows(): EvaluationRow[] {
  const random = createRandom(1881);
  const natural = Array.from({ length: 900 }, () => (10 ** (1 + 4 * random.next())).toFixed(2));
  const madeUp = Array.from({ length: 900 }, () => `${random.integer(1, 9)}${random.integer(10, 99)}.${random.integer(10, 99)}`);
  const [naturalClass, madeUpClass] = [benfordTest(natural)?.conformity, benfordTest(madeUp)?.conformity];
  return [
    {
      area: 'anomalies',
      metric: 'Benford class, 900 log-uniform amounts',
      measured: String(naturalClass),
      goal: 'close or acceptable',
      met: naturalClass === 'close' || naturalClass === 'acceptable',
    },
    {
      area: 'anomalies',
      metric: 'Benford class, 900 made-up amounts',
      measured: String(madeUpClass),
      goal: 'nonconformity',
      met: madeUpClass === 'nonconformity',
    },
  ];
}

function anomalyRows(set: AnomalySet): EvaluationRow[] {
  const result = evaluateAnomalies(set);
  const detail = `${result.truePositives} of ${result.flagged} flagged, ${result.injected} planted, ${result.entriesChecked} entries`;
  return [
    { area: 'anomalies', metric: `precision (${detail})`, measured: percent(result.precision), goal: '>= 70 %', met: result.precision >= 0.7 },
    { area: 'anomalies', metric: 'recall', measured: percent(result.recall), goal: '>= 70 %', met: result.recall >= 0.7 },
    { area: 'anomalies', metric: 'flag rate', measured: `${(result.flagRate * 100).toFixed(2)} %`, goal: '<= 1 %', met: result.flagRate <= 0.01 },
    ...Object.entries(result.recallByKind)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(
        ([kind, [found, planted]]): EvaluationRow => ({
          area: 'anomalies',
          metric: `  found: ${kind}`,
          measured: `${found} / ${planted}`,
          goal: '',
          met: undefined,
        }),
      ),
    {
      area: 'anomalies',
      metric: `  false positives (${
        Object.entries(result.falsePositivesByKind)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ') || 'none'
      })`,
      measured: String(result.flagged - result.truePositives),
      goal: '',
      met: undefined,
    },
    ...benfordRows(),
  ];
}

function forecastRows(airPassengers: readonly number[], liquidity: LiquiditySet): EvaluationRow[] {
  const training = airPassengers.slice(0, airPassengers.length - 12);
  const actual = airPassengers.slice(airPassengers.length - 12);
  const forecast = forecastSeries(training, 12, 12);
  const [model, naive] = [mape(actual, forecast.points), mape(actual, seasonalNaive(training, 12, 12))];
  const backtest = backtestLiquidity({
    asOf: liquidity.asOf,
    openingBalance: Number(liquidity.closingBalance),
    movements: liquidity.movements,
    chart: 'skr03',
  });
  const rows: EvaluationRow[] = [
    {
      area: 'forecasts',
      metric: `AirPassengers 1960 MAPE, ${forecast.method}`,
      measured: `${model.toFixed(2)} %`,
      goal: `<= 0.5 x naive (${(naive / 2).toFixed(2)} %)`,
      met: model <= naive / 2,
    },
    { area: 'forecasts', metric: 'AirPassengers 1960 MAPE, seasonal naive', measured: `${naive.toFixed(2)} %`, goal: '', met: undefined },
  ];
  if (!backtest || backtest.mape === null || backtest.seasonalNaiveMape === null) {
    rows.push({ area: 'forecasts', metric: 'synthetic liquidity: no backtest possible', measured: '-', goal: '', met: false });
    return rows;
  }
  const oracle = oracleBalanceMape(liquidity, backtest.cutOff, backtest.holdoutMonths);
  return [
    ...rows,
    {
      area: 'forecasts',
      metric: `synthetic liquidity, 12 months after ${backtest.cutOff}, month-end balance MAPE (${backtest.inflowMethod})`,
      measured: `${backtest.mape.toFixed(2)} %`,
      goal: `<= 0.5 x naive (${(backtest.seasonalNaiveMape / 2).toFixed(2)} %)`,
      met: backtest.mape <= backtest.seasonalNaiveMape / 2,
    },
    {
      area: 'forecasts',
      metric: 'synthetic liquidity month-end balance MAPE, seasonal naive',
      measured: `${backtest.seasonalNaiveMape.toFixed(2)} %`,
      goal: '',
      met: undefined,
    },
    {
      area: 'forecasts',
      metric: "  reference, no goal: oracle (the generator's expected monthly flows)",
      measured: `${oracle.toFixed(2)} % (${(oracle / backtest.seasonalNaiveMape).toFixed(2)} x naive)`,
      goal: '',
      met: undefined,
    },
    { area: 'forecasts', metric: 'synthetic liquidity MASE of monthly net flows', measured: String(backtest.mase), goal: '', met: undefined },
    ...seedRows(),
  ];
}

/** The same backtest on other draws of the synthetic company: one year of one draw is mostly luck. */
function seedRows(): EvaluationRow[] {
  const results = backtestAcrossSeeds();
  const seeds = `seeds ${results[0]?.seed}-${results.at(-1)?.seed}`;
  const summary = (method: 'model' | 'oracle') => {
    const ratio = ratioToNaive(results, method);
    return `${ratio.median.toFixed(2)} (${ratio.worst.toFixed(2)}), ${ratio.wins} of ${results.length} below 1`;
  };
  return [
    { area: 'forecasts', metric: `synthetic liquidity, ${seeds}: MAPE / naive MAPE, median (worst)`, measured: summary('model'), goal: '', met: undefined },
    { area: 'forecasts', metric: `  reference, no goal: oracle / naive, ${seeds}`, measured: summary('oracle'), goal: '', met: undefined },
  ];
}

/** Runs every evaluation on the labelled sets; pure, so tests can run it too. */
export function runEvaluation(input: EvaluationInput): EvaluationRow[] {
  return [...suggestionRows(input.suggestions), ...anomalyRows(input.anomalies), ...forecastRows(input.airPassengers, input.liquidity)];
}

/** The rows as a fixed-width text table. */
export function formatEvaluationTable(rows: readonly EvaluationRow[]): string {
  const cells = [
    ['area', 'metric', 'measured', 'goal', 'met'],
    ...rows.map((row) => [row.area, row.metric, row.measured, row.goal, row.met === undefined ? '' : row.met ? 'yes' : 'NO']),
  ];
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? '').length))) ?? [];
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cells[0] ?? []), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join('\n');
}
