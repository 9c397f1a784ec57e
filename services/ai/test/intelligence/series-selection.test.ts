import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/intelligence/evaluation/random.js';
import { mape } from '../../src/intelligence/forecasting/accuracy.js';
import { testLevelChange } from '../../src/intelligence/forecasting/level-change.js';
import { forecastSeries, validationError } from '../../src/intelligence/forecasting/series-forecast.js';
import { seasonalMeanForecast, seasonalNaiveForecast } from '../../src/intelligence/forecasting/series-methods.js';
import { fSurvival, logGamma, regularisedBeta } from '../../src/intelligence/statistics/f-distribution.js';

const PROFILE = [60, 55, 70, 65, 75, 80, 70, 50, 65, 85, 90, 120];

/** A company's monthly receipts: the same season every year, each month with independent noise of about a third. */
function stationary(years: number, seed = 7): number[] {
  const random = createRandom(seed);
  return Array.from({ length: 12 * years }, (_, t) => (PROFILE[t % 12] as number) * Math.exp(0.3 * random.normal()));
}

/** The same season on a level that grows by a fifth a year, with little noise. */
function growing(years: number, seed = 7): number[] {
  const random = createRandom(seed);
  return Array.from({ length: 12 * years }, (_, t) => (PROFILE[t % 12] as number) * 1.2 ** (t / 12) * (1 + 0.02 * random.normal()));
}

describe('fSurvival', () => {
  it('should give the tail probabilities of tabulated F quantiles', () => {
    expect(fSurvival(3.4434, 2, 22)).toBeCloseTo(0.05, 4);
    expect(fSurvival(10.0443, 1, 10)).toBeCloseTo(0.01, 4);
    expect(fSurvival(2.5336, 5, 30)).toBeCloseTo(0.05, 4);
    expect(fSurvival(1, 10, 10)).toBeCloseTo(0.5, 10);
    expect(fSurvival(0, 3, 3)).toBe(1);
  });

  it('should rest on a log-gamma and an incomplete beta function that match closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // I_x(1, 1) = x and I_x(2, 1) = x².
    expect(regularisedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularisedBeta(0.7, 2, 1)).toBeCloseTo(0.49, 12);
  });
});

describe('testLevelChange', () => {
  it('should find no change of level in noisy seasons around a constant level', () => {
    expect(testLevelChange(stationary(3), 12)?.pValue).toBeGreaterThan(0.05);
  });

  it('should find a growing level even over two seasons', () => {
    expect(testLevelChange(growing(2), 12)?.pValue).toBeLessThan(0.001);
  });

  it('should call a season repeated exactly no change, and need two whole seasons', () => {
    expect(testLevelChange([...PROFILE, ...PROFILE, ...PROFILE], 12)).toEqual({ f: 0, pValue: 1 });
    expect(testLevelChange(PROFILE.concat(PROFILE.slice(0, 11)), 12)).toBeUndefined();
  });
});

describe('seasonalMeanForecast', () => {
  it('should forecast each period as its mean over the whole seasons at the end', () => {
    const series = [99, 1, 2, 3, 5, 6, 7];

    const forecast = seasonalMeanForecast(series, 3, 4);

    // Seasons [1, 2, 3] and [5, 6, 7]; the 99 before them is not a whole season.
    expect(forecast.points).toEqual([3, 4, 5, 3]);
    expect(forecast.method).toBe('seasonal-mean');
  });
});

describe('validationError', () => {
  it('should add up the absolute errors of every origin from two seasons on, up to a season ahead', () => {
    const series = [1, 2, 1, 2, 3, 2, 4];

    // Origins 4, 5 and 6 (period 2). Seasonal naive from [1, 2, 1, 2] → [1, 2] against [3, 2]: 2; from
    // [1, 2, 1, 2, 3] → [2, 3] against [2, 4]: 1; from [… 3, 2] → [3] against [4]: 1.
    expect(validationError(seasonalNaiveForecast, series, 2)).toBe(4);
  });
});

describe('forecastSeries', () => {
  it('should use the seasonal mean of all years when the level holds, instead of trusting the last year', () => {
    const series = stationary(3);

    const forecast = forecastSeries(series, 12, 12);

    expect(forecast.method).toBe('seasonal-mean');
    expect(forecast.points[11]).toBeCloseTo(((series[11] as number) + (series[23] as number) + (series[35] as number)) / 3, 10);
  });

  it('should forecast a growing series by Holt-Winters, chosen by validation', () => {
    const series = growing(4);

    const forecast = forecastSeries(series, 12, 12);

    expect(forecast.method).toMatch(/^holt-winters/);
    const truth = Array.from({ length: 12 }, (_, step) => (PROFILE[step] as number) * 1.2 ** ((48 + step) / 12));
    expect(mape(truth, forecast.points)).toBeLessThan(0.5 * mape(truth, seasonalNaiveForecast(series, 12, 12).points));
  });

  it("should miss a year's total by less than the seasonal naive method on stationary noise, over many draws", () => {
    // The year's total is what a balance forecast gets right or wrong; it is the expected season's total here.
    const expectedTotal = PROFILE.reduce((sum, value) => sum + value * Math.exp(0.045), 0);
    let [modelError, naiveError] = [0, 0];
    for (let seed = 1; seed <= 40; seed += 1) {
      const training = stationary(3, seed);
      const total = (points: readonly number[]) => points.reduce((sum, value) => sum + value, 0);
      modelError += Math.abs(expectedTotal - total(forecastSeries(training, 12, 12).points));
      naiveError += Math.abs(expectedTotal - total(seasonalNaiveForecast(training, 12, 12).points));
    }

    // About sqrt(1/3) in theory: three years' mean against one year's total.
    expect(modelError).toBeLessThan(0.75 * naiveError);
  });
});
