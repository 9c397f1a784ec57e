import { describe, expect, it } from 'vitest';
import { type AutoscaleMemory, type AutoscalePolicy, decideRound, type ScalingReading } from '../../src/autoscale/decide.js';

const POLICY: AutoscalePolicy = { cooldownMs: 60_000, scaleInRounds: 3 };
const EMPTY: AutoscaleMemory = { lastChangeAt: new Map(), scaleInStreak: new Map() };
const bounds = () => ({ min: 1, max: 4 });

function reading(service: string, current: number, recommended: number): ScalingReading {
  return { service, currentInstances: current, recommendedInstances: recommended, justification: `observer says ${recommended}` };
}

describe('decideRound', () => {
  it('should scale out at once to the recommended count, with the observer’s reason', () => {
    const round = decideRound([reading('core', 1, 3)], new Map([['core', 1]]), bounds, EMPTY, POLICY, 1_000);

    expect(round.decisions).toEqual([{ service: 'core', from: 1, to: 3, reason: 'observer says 3 (bounds 1..4)' }]);
    expect(round.memory.lastChangeAt.get('core')).toBe(1_000);
  });

  it('should clamp a recommendation to the bounds and do nothing when the clamp equals what runs', () => {
    const round = decideRound(
      [reading('core', 4, 7), reading('ai', 1, 0)],
      new Map([
        ['core', 4],
        ['ai', 1],
      ]),
      bounds,
      EMPTY,
      POLICY,
      0,
    );

    expect(round.decisions).toEqual([]);
    expect(round.holds).toEqual([]);
  });

  it('should hold any change to a service during the cool-down after its last change', () => {
    const after = decideRound([reading('core', 1, 3)], new Map([['core', 1]]), bounds, EMPTY, POLICY, 0).memory;
    const round = decideRound([reading('core', 3, 4)], new Map([['core', 3]]), bounds, after, POLICY, 30_000);

    expect(round.decisions).toEqual([]);
    expect(round.holds).toEqual([{ service: 'core', reason: 'cooling down 30 s more after the last change (observer: 4)' }]);
    expect(decideRound([reading('core', 3, 4)], new Map([['core', 3]]), bounds, after, POLICY, 60_000).decisions).toHaveLength(1);
  });

  it('should scale in only after the observer recommended it in enough rounds in a row', () => {
    const running = new Map([['core', 3]]);
    let memory = EMPTY;
    const rounds = [1, 1, 3, 1, 1, 1].map((recommended, index) => {
      const round = decideRound([reading('core', 3, recommended)], running, bounds, memory, POLICY, index * 1_000);
      memory = round.memory;
      return round.decisions.map((decision) => decision.to);
    });

    // The recommendation of 3 in round three breaks the streak; rounds four to six make three in a row.
    expect(rounds).toEqual([[], [], [], [], [], [1]]);
  });

  it('should ignore a service the launcher does not run', () => {
    expect(decideRound([reading('reporting', 1, 2)], new Map(), bounds, EMPTY, POLICY, 0).decisions).toEqual([]);
  });
});
