import { describe, expect, it } from 'vitest';
import { expectedMonthlyNet } from '../../src/intelligence/evaluation/liquidity-oracle.js';
import { backtestAcrossSeeds, ratioToNaive } from '../../src/intelligence/evaluation/liquidity-seeds.js';
import { generateLiquiditySet, LIQUIDITY_FIRST_MONTH } from '../../src/intelligence/evaluation/liquidity-set.js';
import { monthOf, monthsBetween } from '../../src/intelligence/statistics/dates.js';

/** The average monthly net flow of the sets that seeds 1 … draws generate. */
function averageNet(draws: number): number[] {
  const net = new Array<number>(48).fill(0);
  for (let seed = 1; seed <= draws; seed += 1)
    for (const movement of generateLiquiditySet(seed).movements) {
      const index = monthsBetween(LIQUIDITY_FIRST_MONTH, monthOf(movement.date));
      net[index] = (net[index] ?? 0) + movement.amount / draws;
    }
  return net;
}

describe('expectedMonthlyNet', () => {
  it('should agree with the average of twenty generated sets within their sampling error', () => {
    const expected = expectedMonthlyNet();

    const average = averageNet(20);

    // A month's net flow varies by about 20 000 between draws, 4 500 for a mean of twenty, 15 500 for a year's.
    expect(expected).toHaveLength(48);
    average.forEach((value, index) => {
      expect(Math.abs(value - (expected[index] ?? 0))).toBeLessThan(20_000);
    });
    for (let year = 0; year < 4; year += 1) {
      const sum = (values: readonly number[]) => values.slice(12 * year, 12 * year + 12).reduce((total, value) => total + value, 0);
      expect(Math.abs(sum(average) - sum(expected))).toBeLessThan(60_000);
    }
  });

  it("should start as a going concern: the first January receives December's payments like every later one", () => {
    const expected = expectedMonthlyNet();

    expect(expected[0]).toBeGreaterThan(0.9 * (expected[12] ?? 0));
    expect(expected[0]).toBeLessThan(1.1 * (expected[12] ?? 0));
  });
});

describe('ratioToNaive', () => {
  it('should give the median and the largest ratio to the seasonal naive MAPE and count the seeds below 1', () => {
    const results = [
      { seed: 1, model: 4, naive: 8, oracle: 2 },
      { seed: 2, model: 9, naive: 6, oracle: 6 },
      { seed: 3, model: 3, naive: 4, oracle: 5 },
    ];

    expect(ratioToNaive(results, 'model')).toEqual({ median: 0.75, worst: 1.5, wins: 2 });
    expect(ratioToNaive(results, 'oracle')).toEqual({ median: 1, worst: 1.25, wins: 1 });
  });
});

describe('the liquidity forecast across seeds', () => {
  it('should beat the seasonal naive method in median over twenty draws, and come as close as the oracle', () => {
    const results = backtestAcrossSeeds();

    const [model, oracle] = [ratioToNaive(results, 'model'), ratioToNaive(results, 'oracle')];

    expect(results).toHaveLength(20);
    expect(model.median).toBeLessThan(0.95);
    expect(model.median).toBeLessThan(1.1 * oracle.median);
    expect(model.wins).toBeGreaterThanOrEqual(11);
  });
});
