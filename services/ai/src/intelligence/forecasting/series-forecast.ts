import { mape, mase, seasonalNaive } from './accuracy.js';
import { canFitHoltWinters, fitHoltWinters, forecastHoltWinters, forecastStandardDeviations, type HoltWintersParameters } from './holt-winters.js';

export type ForecastMethod = 'holt-winters-additive' | 'holt-winters-multiplicative' | 'seasonal-average' | 'seasonal-naive' | 'mean';

/** Point forecasts with the standard deviation of each step's error. */
export interface SeriesForecast {
  readonly method: ForecastMethod;
  readonly parameters: HoltWintersParameters | null;
  readonly points: readonly number[];
  readonly standardDeviations: readonly number[];
}

function residualDeviation(residuals: readonly number[]): number {
  return residuals.length === 0 ? 0 : Math.sqrt(residuals.reduce((sum, residual) => sum + residual ** 2, 0) / residuals.length);
}

function seasonalNaiveForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
  const residuals = series.slice(period).map((value, index) => value - (series[index] ?? 0));
  const sigma = residualDeviation(residuals);
  return {
    method: 'seasonal-naive',
    parameters: null,
    points: seasonalNaive(series, period, horizon),
    // Hyndman and Athanasopoulos: σ_h = σ·sqrt(k + 1), k the number of whole seasons before step h.
    standardDeviations: Array.from({ length: horizon }, (_, step) => sigma * Math.sqrt(Math.floor(step / period) + 1)),
  };
}

function meanForecast(series: readonly number[], horizon: number): SeriesForecast {
  const average = series.length === 0 ? 0 : series.reduce((sum, value) => sum + value, 0) / series.length;
  const sigma = residualDeviation(series.map((value) => value - average));
  const deviation = sigma * Math.sqrt(1 + 1 / Math.max(1, series.length));
  return { method: 'mean', parameters: null, points: new Array(horizon).fill(average), standardDeviations: new Array(horizon).fill(deviation) };
}

/**
 * Classical additive decomposition without trend: the mean of the last season as level, plus each period's
 * average deviation from its season's mean over all whole seasons. Robust on short, noisy series.
 */
function seasonalAverageForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
  const seasons = Math.floor(series.length / period);
  const tail = series.slice(series.length - seasons * period);
  const offsets = new Array<number>(period).fill(0);
  for (let season = 0; season < seasons; season += 1) {
    const values = tail.slice(season * period, (season + 1) * period);
    const average = values.reduce((sum, value) => sum + value, 0) / period;
    values.forEach((value, index) => {
      offsets[index] = (offsets[index] ?? 0) + (value - average) / seasons;
    });
  }
  const level = tail.slice(-period).reduce((sum, value) => sum + value, 0) / period;
  // The tail starts at a season boundary of the tail, so step h falls on offset (length of tail + h) mod period = h mod period.
  const fitted = tail.map((_, index) => level + (offsets[index % period] ?? 0));
  const sigma = residualDeviation(tail.map((value, index) => value - (fitted[index] ?? 0))) * Math.sqrt(seasons / Math.max(1, seasons - 1));
  return {
    method: 'seasonal-average',
    parameters: null,
    points: Array.from({ length: horizon }, (_, step) => level + (offsets[step % period] ?? 0)),
    standardDeviations: new Array(horizon).fill(sigma * Math.sqrt(1 + 1 / seasons)),
  };
}

function holtWintersForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
  const additive = fitHoltWinters(series, period, 'additive');
  const multiplicative = series.every((value) => value > 0) ? fitHoltWinters(series, period, 'multiplicative') : undefined;
  const fit = multiplicative && multiplicative.mse < additive.mse ? multiplicative : additive;
  return {
    method: fit.seasonality === 'additive' ? 'holt-winters-additive' : 'holt-winters-multiplicative',
    parameters: fit.parameters,
    points: forecastHoltWinters(fit, horizon),
    standardDeviations: forecastStandardDeviations(fit, series, horizon),
  };
}

type Forecaster = (series: readonly number[], period: number, horizon: number) => SeriesForecast;

function absoluteError(actual: readonly number[], forecast: readonly number[]): number {
  return actual.reduce((sum, value, index) => sum + Math.abs(value - (forecast[index] ?? 0)), 0);
}

/**
 * Forecasts a series. With three seasons or more the method is chosen by validation: Holt-Winters (additive,
 * or multiplicative when every value is positive and that fits better one step ahead), the seasonal average
 * and the seasonal naive method each forecast the last season from the rest, and the one with the smallest
 * absolute error is fitted to the whole series. With two seasons Holt-Winters is used without that check,
 * with one season the seasonal naive method, with less the mean.
 */
export function forecastSeries(series: readonly number[], period: number, horizon: number): SeriesForecast {
  if (series.length < period) return meanForecast(series, horizon);
  if (!canFitHoltWinters(series.length, period)) return seasonalNaiveForecast(series, period, horizon);
  if (series.length < 3 * period) return holtWintersForecast(series, period, horizon);
  const training = series.slice(0, series.length - period);
  const validation = series.slice(series.length - period);
  const candidates: Forecaster[] = [holtWintersForecast, seasonalAverageForecast, seasonalNaiveForecast];
  let best = candidates[0] as Forecaster;
  let bestError = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const error = absoluteError(validation, candidate(training, period, period).points);
    if (error < bestError) [best, bestError] = [candidate, error];
  }
  return best(series, period, horizon);
}

/** How a method did on the last season of the history, held out. */
export interface Backtest {
  readonly holdout: number;
  readonly method: ForecastMethod;
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
