import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateAnomalySet } from '../../src/intelligence/evaluation/anomaly-set.js';
import {
  type AirPassengersFixture,
  fromAnomalyFixture,
  fromLiquidityFixture,
  fromSuggestionFixture,
  toAnomalyFixture,
  toLiquidityFixture,
  toSuggestionFixture,
} from '../../src/intelligence/evaluation/fixtures.js';
import { generateLiquiditySet } from '../../src/intelligence/evaluation/liquidity-set.js';
import { formatEvaluationTable, runEvaluation } from '../../src/intelligence/evaluation/run-evaluation.js';
import { generateSuggestionSet } from '../../src/intelligence/evaluation/suggestion-set.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../eval/${name}`, import.meta.url), 'utf8'));

describe('the committed evaluation sets', () => {
  it('should be exactly what the generators make from their seeds', () => {
    expect(fixture('suggestions.json')).toEqual(JSON.parse(JSON.stringify(toSuggestionFixture(generateSuggestionSet()))));
    expect(fixture('anomalies.json')).toEqual(JSON.parse(JSON.stringify(toAnomalyFixture(generateAnomalySet()))));
    expect(fixture('liquidity.json')).toEqual(JSON.parse(JSON.stringify(toLiquidityFixture(generateLiquiditySet()))));
  });

  it('should hold the public AirPassengers series: 144 months summing to 40 363', () => {
    const air: AirPassengersFixture = fixture('air-passengers.json');

    expect(air.values).toHaveLength(144);
    expect(air.values.reduce((sum, value) => sum + value, 0)).toBe(40_363);
    expect([air.values[0], air.values[143]]).toEqual([112, 432]);
  });

  it('should keep the planted anomalies under one percent of the entries examined', () => {
    const set = fromAnomalyFixture(fixture('anomalies.json'));
    const examined = set.entries.filter((entry) => entry.postingDate >= set.from && entry.postingDate <= set.to).length;

    expect(Object.keys(set.injected).length / examined).toBeLessThan(0.01);
  });
});

describe('runEvaluation', () => {
  it('should measure every area and print a table with the goals', () => {
    const rows = runEvaluation({
      suggestions: fromSuggestionFixture(fixture('suggestions.json')),
      anomalies: fromAnomalyFixture(fixture('anomalies.json')),
      liquidity: fromLiquidityFixture(fixture('liquidity.json')),
      airPassengers: (fixture('air-passengers.json') as AirPassengersFixture).values,
    });

    const table = formatEvaluationTable(rows);
    expect(table.split('\n')[0]).toMatch(/^area\s+metric\s+measured\s+goal\s+met$/);
    for (const metric of [
      'top-1 accuracy, known',
      'top-1 accuracy, unseen',
      'precision',
      'recall',
      'flag rate',
      'AirPassengers 1960 MAPE',
      'synthetic liquidity',
      "reference, no goal: oracle (the generator's expected monthly flows)",
      'synthetic liquidity, seeds 1-20: MAPE / naive MAPE',
    ]) {
      expect(rows.some((row) => row.metric.includes(metric))).toBe(true);
    }
    expect(rows.find((row) => row.metric.startsWith('AirPassengers 1960 MAPE, holt-winters'))?.met).toBe(true);
  });
});
