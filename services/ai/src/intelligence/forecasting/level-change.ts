import { fSurvival } from '../statistics/f-distribution.js';

export interface LevelChangeTest {
  readonly f: number;
  readonly pValue: number;
}

/**
 * Whether the level moves from season to season beyond the noise: a two-way analysis of variance of the whole
 * seasons at the end of the series (season and period of the season as factors, no interaction) and Fisher's F
 * test of the season effect. Undefined with fewer than two whole seasons.
 */
export function testLevelChange(series: readonly number[], period: number): LevelChangeTest | undefined {
  const seasons = Math.floor(series.length / period);
  if (seasons < 2 || period < 2) return undefined;
  const tail = series.slice(series.length - seasons * period);
  const grand = tail.reduce((sum, value) => sum + value, 0) / tail.length;
  const seasonMeans = Array.from(
    { length: seasons },
    (_, season) => tail.slice(season * period, (season + 1) * period).reduce((sum, value) => sum + value, 0) / period,
  );
  const periodMeans = Array.from(
    { length: period },
    (_, index) => seasonMeans.reduce((sum, _mean, season) => sum + (tail[season * period + index] ?? 0), 0) / seasons,
  );
  const seasonSquares = seasonMeans.reduce((sum, mean) => sum + period * (mean - grand) ** 2, 0);
  const residualSquares = tail.reduce(
    (sum, value, index) => sum + (value - (seasonMeans[Math.floor(index / period)] ?? 0) - (periodMeans[index % period] ?? 0) + grand) ** 2,
    0,
  );
  const [seasonFreedom, residualFreedom] = [seasons - 1, (seasons - 1) * (period - 1)];
  // Relative to the series' size, so that rounding noise in a perfectly regular series does not count as a change.
  const scale = tail.reduce((sum, value) => sum + (value - grand) ** 2, 0);
  if (seasonSquares <= 1e-12 * scale) return { f: 0, pValue: 1 };
  if (residualSquares <= 1e-12 * scale) return { f: Number.POSITIVE_INFINITY, pValue: 0 };
  const f = seasonSquares / seasonFreedom / (residualSquares / residualFreedom);
  return { f, pValue: fSurvival(f, seasonFreedom, residualFreedom) };
}
