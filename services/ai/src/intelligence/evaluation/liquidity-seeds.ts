import { backtestLiquidity } from '../forecasting/liquidity-backtest.js';
import { median } from '../statistics/robust.js';
import { oracleBalanceMape } from './liquidity-oracle.js';
import { generateLiquiditySet } from './liquidity-set.js';

/** Month-end balance MAPEs (percent) of one generated set's backtest year. */
export interface SeedBacktest {
  readonly seed: number;
  readonly model: number;
  readonly naive: number;
  readonly oracle: number;
}

/** Seeds 1 … 20, other draws of the same company than the committed set's: one year's MAPE is mostly luck. */
export const COMPARISON_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, index) => index + 1);

/** Backtests the forecast, the seasonal naive method and the oracle on the set each seed generates. */
export function backtestAcrossSeeds(seeds: readonly number[] = COMPARISON_SEEDS): SeedBacktest[] {
  return seeds.flatMap((seed) => {
    const set = generateLiquiditySet(seed);
    const backtest = backtestLiquidity({ asOf: set.asOf, openingBalance: Number(set.closingBalance), movements: set.movements, chart: 'skr03' });
    if (!backtest || backtest.mape === null || backtest.seasonalNaiveMape === null) return [];
    return [{ seed, model: backtest.mape, naive: backtest.seasonalNaiveMape, oracle: oracleBalanceMape(set, backtest.cutOff, backtest.holdoutMonths) }];
  });
}

export interface RatioSummary {
  readonly median: number;
  readonly worst: number;
  /** Seeds where the ratio is below 1. */
  readonly wins: number;
}

/** Median and worst (largest) of a method's MAPE over the seasonal naive method's, per seed. */
export function ratioToNaive(results: readonly SeedBacktest[], method: 'model' | 'oracle'): RatioSummary {
  const ratios = results.map((result) => result[method] / result.naive);
  return { median: median(ratios), worst: Math.max(...ratios), wins: ratios.filter((ratio) => ratio < 1).length };
}
