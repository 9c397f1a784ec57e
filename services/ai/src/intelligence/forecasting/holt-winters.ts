import { minimise } from './nelder-mead.js';

export type Seasonality = 'additive' | 'multiplicative';

export interface HoltWintersParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

/** A fitted model: its parameters, final states and one-step errors in sample. */
export interface HoltWintersFit {
  readonly seasonality: Seasonality;
  readonly period: number;
  readonly parameters: HoltWintersParameters;
  readonly level: number;
  readonly trend: number;
  /** The last `period` seasonal states, oldest first. */
  readonly seasonals: readonly number[];
  /** One-step-ahead forecasts in sample, aligned with the series. */
  readonly fitted: readonly number[];
  /** Mean squared one-step error. */
  readonly mse: number;
}

/** Holt-Winters needs two full seasons to start from. */
export function canFitHoltWinters(length: number, period: number): boolean {
  return period >= 2 && length >= 2 * period;
}

function initialStates(series: readonly number[], period: number, seasonality: Seasonality) {
  const firstMean = series.slice(0, period).reduce((sum, value) => sum + value, 0) / period;
  const secondMean = series.slice(period, 2 * period).reduce((sum, value) => sum + value, 0) / period;
  const seasonals = series.slice(0, period).map((value) => (seasonality === 'additive' ? value - firstMean : value / firstMean));
  return { level: firstMean, trend: (secondMean - firstMean) / period, seasonals };
}

/**
 * Runs Holt-Winters' filter (Winters 1960; initial states from the first two seasons as in Hyndman and
 * Athanasopoulos) over the series with given smoothing parameters.
 */
export function runHoltWinters(series: readonly number[], period: number, seasonality: Seasonality, parameters: HoltWintersParameters): HoltWintersFit {
  const { alpha, beta, gamma } = parameters;
  let { level, trend, seasonals } = initialStates(series, period, seasonality);
  seasonals = [...seasonals];
  const fitted: number[] = [];
  let squares = 0;
  series.forEach((value, index) => {
    const season = seasonals[index % period] as number;
    const forecast = seasonality === 'additive' ? level + trend + season : (level + trend) * season;
    fitted.push(forecast);
    squares += (value - forecast) ** 2;
    const previousLevel = level;
    level = seasonality === 'additive' ? alpha * (value - season) + (1 - alpha) * (level + trend) : alpha * (value / season) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    seasonals[index % period] = seasonality === 'additive' ? gamma * (value - level) + (1 - gamma) * season : gamma * (value / level) + (1 - gamma) * season;
  });
  // Rotate so that seasonals[0] belongs to the first period after the series.
  const offset = series.length % period;
  const ordered = [...seasonals.slice(offset), ...seasonals.slice(0, offset)];
  return { seasonality, period, parameters, level, trend, seasonals: ordered, fitted, mse: squares / series.length };
}

/** Point forecasts h = 1 … horizon steps after the series. */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, step) => {
    const season = fit.seasonals[step % fit.period] as number;
    const base = fit.level + (step + 1) * fit.trend;
    return fit.seasonality === 'additive' ? base + season : base * season;
  });
}

const GRID_ALPHA = [0.05, 0.2, 0.4, 0.6, 0.8];
const GRID_BETA = [0.01, 0.05, 0.15, 0.3];
const GRID_GAMMA = [0.05, 0.2, 0.4, 0.7];
const logistic = (value: number) => 1 / (1 + Math.exp(-value));
const logit = (share: number) => Math.log(share / (1 - share));

/**
 * Fits the smoothing parameters by minimising the one-step mean squared error: a coarse grid first, then
 * Nelder-Mead from the grid's best point in logit space, so every parameter stays inside (0, 1).
 */
export function fitHoltWinters(series: readonly number[], period: number, seasonality: Seasonality): HoltWintersFit {
  if (!canFitHoltWinters(series.length, period)) throw new RangeError(`Holt-Winters needs at least ${2 * period} values, got ${series.length}`);
  if (seasonality === 'multiplicative' && series.some((value) => value <= 0)) throw new RangeError('Multiplicative seasonality needs positive values');
  const error = (parameters: HoltWintersParameters) => {
    const mse = runHoltWinters(series, period, seasonality, parameters).mse;
    return Number.isFinite(mse) ? mse : Number.MAX_VALUE;
  };
  let best: HoltWintersParameters = { alpha: 0.2, beta: 0.05, gamma: 0.2 };
  let bestError = Number.POSITIVE_INFINITY;
  for (const alpha of GRID_ALPHA)
    for (const beta of GRID_BETA)
      for (const gamma of GRID_GAMMA) {
        const candidate = error({ alpha, beta, gamma });
        if (candidate < bestError) [best, bestError] = [{ alpha, beta, gamma }, candidate];
      }
  const toParameters = (point: readonly number[]) => ({ alpha: logistic(point[0] ?? 0), beta: logistic(point[1] ?? 0), gamma: logistic(point[2] ?? 0) });
  const refined = minimise((point) => error(toParameters(point)), [logit(best.alpha), logit(best.beta), logit(best.gamma)], {
    iterations: 300,
    step: 0.5,
    tolerance: 1e-10,
  });
  const parameters = refined.value < bestError ? toParameters(refined.point) : best;
  return runHoltWinters(series, period, seasonality, parameters);
}

/**
 * Standard deviation of the h-step error, from the one-step residuals: Hyndman et al.'s variance for the
 * additive method, σ²(1 + Σ_{j<h} (α(1 + jβ) + γ·[j mod m = 0])²); for the multiplicative method the same
 * factor is applied to the relative error, an approximation that is adequate for intervals.
 */
export function forecastStandardDeviations(fit: HoltWintersFit, series: readonly number[], horizon: number): number[] {
  const { alpha, beta, gamma } = fit.parameters;
  const residuals = series.map((value, index) => {
    const forecast = fit.fitted[index] ?? 0;
    return fit.seasonality === 'additive' ? value - forecast : (value - forecast) / forecast;
  });
  const sigma = Math.sqrt(residuals.reduce((sum, residual) => sum + residual ** 2, 0) / Math.max(1, residuals.length - 3));
  const points = forecastHoltWinters(fit, horizon);
  let factor = 1;
  return points.map((point, step) => {
    if (step > 0) factor += (alpha * (1 + step * beta) + (step % fit.period === 0 ? gamma : 0)) ** 2;
    const deviation = sigma * Math.sqrt(factor);
    return fit.seasonality === 'additive' ? deviation : deviation * Math.abs(point);
  });
}
