import { seasonalNaive } from './accuracy.js';
import { fitHoltWinters, forecastHoltWinters, forecastStandardDeviations, type HoltWintersParameters } from './holt-winters.js';

export type ForecastMethod = 'holt-winters-additive' | 'holt-winters-multiplicative' | 'seasonal-mean' | 'seasonal-average' | 'seasonal-naive' | 'mean';

/** Point forecasts with the standard deviation of each step's error. */
export interface SeriesForecast {
  readonly method: ForecastMethod;
  readonly parameters: HoltWintersParameters | null;
  readonly points: readonly number[];
  readonly standardDeviations: readonly number[];
}

export type Forecaster = (series: readonly number[], period: number, horizon: number) => SeriesForecast;

function residualDeviation(residuals: readonly number[]): number {
  return residuals.length === 0 ? 0 : Math.sqrt(residuals.reduce((sum, residual) => sum + residual ** 2, 0) / residuals.length);
}

/** The whole seasons at the end of the series, so that index 0 of the result is the first period of a season. */
function wholeSeasons(series: readonly number[], period: number): { tail: readonly number[]; seasons: number } {
  const seasons = Math.floor(series.length / period);
  return { tail: series.slice(series.length - seasons * period), seasons };
}

export function seasonalNaiveForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
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

export function meanForecast(series: readonly number[], horizon: number): SeriesForecast {
  const average = series.length === 0 ? 0 : series.reduce((sum, value) => sum + value, 0) / series.length;
  const sigma = residualDeviation(series.map((value) => value - average));
  const deviation = sigma * Math.sqrt(1 + 1 / Math.max(1, series.length));
  return { method: 'mean', parameters: null, points: new Array(horizon).fill(average), standardDeviations: new Array(horizon).fill(deviation) };
}

/**
 * Classical additive decomposition without trend: the mean of the last season as level, plus each period's
 * average deviation from its season's mean over all whole seasons. Follows a level that moves from year to year.
 */
export function seasonalAverageForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
  const { tail, seasons } = wholeSeasons(series, period);
  const offsets = new Array<number>(period).fill(0);
  for (let season = 0; season < seasons; season += 1) {
    const values = tail.slice(season * period, (season + 1) * period);
    const average = values.reduce((sum, value) => sum + value, 0) / period;
    values.forEach((value, index) => {
      offsets[index] = (offsets[index] ?? 0) + (value - average) / seasons;
    });
  }
  const level = tail.slice(-period).reduce((sum, value) => sum + value, 0) / period;
  const fitted = tail.map((_, index) => level + (offsets[index % period] ?? 0));
  const sigma = residualDeviation(tail.map((value, index) => value - (fitted[index] ?? 0))) * Math.sqrt(seasons / Math.max(1, seasons - 1));
  return {
    method: 'seasonal-average',
    parameters: null,
    points: Array.from({ length: horizon }, (_, step) => level + (offsets[step % period] ?? 0)),
    standardDeviations: new Array(horizon).fill(sigma * Math.sqrt(1 + 1 / seasons)),
  };
}

/**
 * Each period's mean over all whole seasons: level and season both from every year, none trusted alone. The
 * best a method can do on a series that repeats the same season with independent noise, such as a company's
 * receipts without growth, where one year's level is mostly noise.
 */
export function seasonalMeanForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
  const { tail, seasons } = wholeSeasons(series, period);
  const means = Array.from({ length: period }, (_, index) => {
    let sum = 0;
    for (let season = 0; season < seasons; season += 1) sum += tail[season * period + index] ?? 0;
    return sum / seasons;
  });
  // Each mean was fitted from its own values: n/(n - 1) undoes the shrinkage of the in-sample residuals.
  const sigma = residualDeviation(tail.map((value, index) => value - (means[index % period] ?? 0))) * Math.sqrt(seasons / Math.max(1, seasons - 1));
  return {
    method: 'seasonal-mean',
    parameters: null,
    points: Array.from({ length: horizon }, (_, step) => means[step % period] ?? 0),
    standardDeviations: new Array(horizon).fill(sigma * Math.sqrt(1 + 1 / seasons)),
  };
}

/** Holt-Winters, additive or (when every value is positive and it fits better one step ahead) multiplicative. */
export function holtWintersForecast(series: readonly number[], period: number, horizon: number): SeriesForecast {
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
