import { describe, expect, it } from 'vitest';
import { goalMet, goalText, halfRate, perRound } from '../../dist/bench/gateway-goals.js';
import { toGatewaySettings } from '../../dist/bench/gateway-settings.js';

describe('goalMet', () => {
  it('should say yes when a ratio is at or above a >= goal and NO when below', () => {
    const goal = { direction: '>=', limit: 0.5 } as const;

    const results = [goalMet(0.5, goal), goalMet(0.73, goal), goalMet(0.49, goal)];

    expect(results).toEqual(['yes', 'yes', 'NO']);
  });

  it('should say yes when an added latency is at or below a <= goal and NO when above', () => {
    const goal = { direction: '<=', limit: 1 } as const;

    const results = [goalMet(1, goal), goalMet(-0.2, goal), goalMet(1.01, goal)];

    expect(results).toEqual(['yes', 'yes', 'NO']);
  });

  it('should say n/a when nothing was measured', () => {
    const result = goalMet(Number.NaN, { direction: '>=', limit: 0.9 });

    expect(result).toBe('n/a');
  });
});

describe('goalText and perRound', () => {
  it('should print the goal with its unit and the rounds with fixed decimals', () => {
    const texts = [goalText({ direction: '<=', limit: 3 }, 'ms'), goalText({ direction: '>=', limit: 0.5 }), perRound([1.234, 5], 1)];

    expect(texts).toEqual(['<= 3 ms', '>= 0.5', '1.2, 5.0']);
  });
});

describe('halfRate', () => {
  it('should halve the saturation rate and round down to whole requests per second', () => {
    const rate = halfRate(4321.9);

    expect(rate).toBe(2160);
  });

  it('should offer at least one request per second when the saturation figure is zero or missing', () => {
    const rates = [halfRate(0), halfRate(1), halfRate(Number.NaN)];

    expect(rates).toEqual([1, 1, 1]);
  });
});

describe('toGatewaySettings', () => {
  it('should run one short round of every figure with --quick', () => {
    const settings = toGatewaySettings(['--quick']);

    expect(settings).toMatchObject({ rounds: 1, durationS: 2 });
  });

  it('should run three alternating rounds of 5 s without --quick', () => {
    const settings = toGatewaySettings([]);

    expect(settings).toMatchObject({ rounds: 3, durationS: 5 });
  });
});
