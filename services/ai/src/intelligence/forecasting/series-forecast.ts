import { mape, mase, seasonalNaive } from './accuracy.js';
import { canFitHoltWinters } from './holt-winters.js';
import { testLevelChange } from './level-change.js';
import {
  type Forecaster,
  holtWintersForecast,
  meanForecast,
  type SeriesForecast,
  seasonalAverageForecast,
  seasonalMeanForecast,
  seasonalNaiveForecast,
} from './series-methods.js';

export type { ForecastMethod, SeriesForecast } from './series-methods.js';

/** Below this p-value the level is taken to move from season to season. */
export const LEVEL_CHANGE_SIGNIFICANCE = 0.05;

const CANDIDATES: readonly Forecaster[] = [holtWintersForecast, seasonalMeanForecast, seasonalAverageForecast, seasonalNaiveForecast];

/**
 * Rolling-origin validation (Tashman 2000): every origin from two seasons on forecasts up to a season ahead from
 * the values before it; the absolute errors are added up over all origins and steps.
 */
export function validationError(forecaster: Forecaster, series: readonly number[], period: number): number {
  let total = 0;
  for (let origin = 2 * period; origin < series.length; origin += 1) {
    const steps = Math.min(period, series.length - origin);
    const points = forecaster(series.slice(0, origin), period, steps).points;
    for (let step = 0; step < steps; step += 1) total += Math.abs((series[origin + step] ?? 0) - (points[step] ?? 0));
  }
  return total;
}

/**
 * Forecasts a series. From two seasons on, when the level does not move from season to season beyond the noise
 * (F test of the season effect), the seasonal mean: every season counts, none is trusted alone. Otherwise, with
 * three seasons or more, the method is chosen by rolling-origin validation among Holt-Winters, the seasonal mean,
 * the seasonal average and the seasonal naive method, and fitted to the whole series; with two seasons
 * Holt-Winters is used without that check. With one season the seasonal naive method, with less the mean.
 */
export function forecastSeries(series: readonly number[], period: number, horizon: number): SeriesForecast {
  if (series.length < period) return meanForecast(series, horizon);
  if (!canFitHoltWinters(series.length, period)) return seasonalNaiveForecast(series, period, horizon);
  const levelChange = testLevelChange(series, period);
  if (levelChange && levelChange.pValue >= LEVEL_CHANGE_SIGNIFICANCE) return seasonalMeanForecast(series, period, horizon);
  if (series.length < 3 * period) return holtWintersForecast(series, period, horizon);
  let best = CANDIDATES[0] as Forecaster;
  let bestError = Number.POSITIVE_INFINITY;
  for (const candidate of CANDIDATES) {
    const error = validationError(candidate, series, period);
    if (error < bestError) [best, bestError] = [candidate, error];
  }
  return best(series, period, horizon);
}

/** How a method did on the last season of the history, held out. */
export interface Backtest {
  readonly holdout: number;
  readonly method: SeriesForecast['method'];
  /** Percent; null where the held-out values are all zero. */
  readonly mape: number | null;
  readonly mase: number | null;
  readonly seasonalNaiveMape: number | null;
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);

/**
 * Holds out the last `holdout` values, forecasts them from the rest as {@link forecastSeries} would, and
 * measures MAPE and MASE, next to the seasonal naive method's MAPE. Undefined when the rest is shorter than one
 * season plus the holdout's, i.e. when not even the baseline could be tried.
 */
export function backtestSeries(series: readonly number[], period: number, holdout: number): Backtest | undefined {
  const training = series.slice(0, series.length - holdout);
  if (holdout < 1 || training.length < period + 1) return undefined;
  const actual = series.slice(series.length - holdout);
  const forecast = forecastSeries(training, period, holdout);
  return {
    holdout,
    method: forecast.method,
    mape: finiteOrNull(mape(actual, forecast.points)),
    mase: finiteOrNull(mase(actual, forecast.points, training, period)),
    seasonalNaiveMape: finiteOrNull(mape(actual, seasonalNaive(training, period, holdout))),
  };
}
