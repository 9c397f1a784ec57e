import { describe, expect, it } from 'vitest';
import { mape, mase, seasonalNaive } from '../../src/intelligence/forecasting/accuracy.js';
import { fitHoltWinters, forecastHoltWinters, runHoltWinters } from '../../src/intelligence/forecasting/holt-winters.js';
import { minimise } from '../../src/intelligence/forecasting/nelder-mead.js';
import { backtestSeries, forecastSeries } from '../../src/intelligence/forecasting/series-forecast.js';

const SEASON = [10, -5, 0, -5];
const additiveSeries = (length: number) => Array.from({ length }, (_, t) => 100 + 2 * t + (SEASON[t % 4] as number));
const FACTORS = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7];
const multiplicativeSeries = (length: number) => Array.from({ length }, (_, t) => (50 + t) * (FACTORS[t % 12] as number));

describe('seasonalNaive', () => {
  it('should repeat the last season', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6], 3, 5)).toEqual([4, 5, 6, 4, 5]);
  });
});

describe('accuracy measures', () => {
  it('should compute MAPE in percent over non-zero actuals', () => {
    expect(mape([100, 200, 0], [110, 180, 5])).toBeCloseTo(10, 10);
  });

  it('should scale MASE by the in-sample seasonal naive error', () => {
    // Training [1, 2, 3, 5, 6, 7] with period 3: naive errors 4, 4, 4 → scale 4; forecast error 2 → MASE 0.5.
    expect(mase([10], [8], [1, 2, 3, 5, 6, 7], 3)).toBe(0.5);
  });
});

describe('minimise', () => {
  it('should find the minimum of a quadratic bowl', () => {
    const result = minimise(([x = 0, y = 0]) => (x - 3) ** 2 + (y + 1) ** 2 + 2, [0, 0], { iterations: 500, step: 1, tolerance: 1e-14 });

    expect(result.point[0]).toBeCloseTo(3, 4);
    expect(result.point[1]).toBeCloseTo(-1, 4);
    expect(result.value).toBeCloseTo(2, 8);
  });
});

describe('Holt-Winters', () => {
  it('should forecast a series with linear trend and additive seasonality of period 4 almost exactly', () => {
    const series = additiveSeries(48);

    const fit = fitHoltWinters(series, 4, 'additive');
    const forecast = forecastHoltWinters(fit, 8);

    const truth = additiveSeries(56).slice(48);
    forecast.forEach((value, index) => {
      expect(value).toBeCloseTo(truth[index] as number, 0);
    });
    expect(fit.mse).toBeLessThan(5);
  });

  it('should forecast multiplicative seasonality of period 12 within 2 %', () => {
    const series = multiplicativeSeries(72);

    const fit = fitHoltWinters(series, 12, 'multiplicative');

    const truth = multiplicativeSeries(84).slice(72);
    expect(mape(truth, forecastHoltWinters(fit, 12))).toBeLessThan(2);
  });

  it('should start from the first two seasons: level their first mean, trend their mean difference per period', () => {
    const fit = runHoltWinters(additiveSeries(8), 4, 'additive', { alpha: 0, beta: 0, gamma: 0 });

    // With no smoothing the level starts at 103 and only moves by the trend of 2 per period: 103 + 8 · 2.
    expect(fit.level).toBeCloseTo(119, 10);
    expect(fit.trend).toBeCloseTo(2, 10);
  });

  it('should refuse to fit fewer than two seasons', () => {
    expect(() => fitHoltWinters([1, 2, 3, 4, 5], 4, 'additive')).toThrow(RangeError);
  });

  it('should beat the seasonal naive method on a series with trend, as on AirPassengers', () => {
    const series = multiplicativeSeries(72);
    const result = backtestSeries(series, 12, 12);

    expect(result?.method).toBe('holt-winters-multiplicative');
    expect(result?.mape).toBeLessThan((result?.seasonalNaiveMape ?? 0) / 2);
  });
});

describe('forecastSeries', () => {
  it('should fall back to the seasonal naive method with one season of history', () => {
    const forecast = forecastSeries([5, 6, 7, 8, 9, 10], 4, 3);

    expect(forecast.method).toBe('seasonal-naive');
    expect(forecast.points).toEqual([7, 8, 9]);
  });

  it('should fall back to the mean with less than a season', () => {
    const forecast = forecastSeries([2, 4], 12, 2);

    expect(forecast).toMatchObject({ method: 'mean', points: [3, 3] });
  });

  it('should widen its intervals with the horizon', () => {
    const forecast = forecastSeries(
      additiveSeries(48).map((value, index) => value + (index % 3) - 1),
      4,
      8,
    );

    const deviations = forecast.standardDeviations;
    expect(deviations[7]).toBeGreaterThanOrEqual(deviations[0] as number);
  });
});
