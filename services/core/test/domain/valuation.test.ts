import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/domain/stock-decimal.js';
import {
  applyAverageOutflow,
  applyFifoOutflow,
  applyInflow,
  type CostLayer,
  type CostState,
  EMPTY_COST_STATE,
  isCalendarDate,
  toValuationLine,
  type ValuationMethod,
} from '../../src/domain/valuation.js';

type Step = { in: string; cost: string } | { out: string };

/** Runs movements through a method as the service does, keeping FIFO layers; returns the state and each movement's value. */
function run(method: ValuationMethod, steps: readonly Step[]): { state: CostState; layers: CostLayer[]; values: string[] } {
  let state = EMPTY_COST_STATE;
  let layers: CostLayer[] = [];
  const values: string[] = [];
  steps.forEach((step, index) => {
    if ('in' in step) {
      const change = applyInflow(state, step.in, step.cost);
      state = change.state;
      values.push(change.value);
      layers.push({ movementId: `m${index}`, seq: String(index + 1), unitCost: step.cost, remaining: step.in, remainingValue: change.value });
    } else if (method === 'moving_average') {
      const change = applyAverageOutflow(state, step.out);
      state = change.state;
      values.push(change.value);
    } else {
      const change = applyFifoOutflow(state, layers, step.out);
      state = change.state;
      values.push(change.value);
      layers = layers.map((layer) => {
        const consumed = change.consumed.find((item) => item.movementId === layer.movementId);
        return consumed ? { ...layer, remaining: consumed.remaining, remainingValue: consumed.remainingValue } : layer;
      });
    }
  });
  return { state, layers: layers.filter((layer) => !new Exact(layer.remaining).isZero()), values };
}

const SEQUENCE: Step[] = [{ in: '10', cost: '1.00' }, { in: '20', cost: '2.00' }, { out: '15' }, { in: '5', cost: '3.00' }, { out: '20' }];

describe('moving average', () => {
  it('should average receipts and issue at the average, by hand: 10 @ 1 + 20 @ 2, out 15, in 5 @ 3, out 20', () => {
    const afterFirstIssue = run('moving_average', SEQUENCE.slice(0, 3));
    const afterThirdReceipt = run('moving_average', SEQUENCE.slice(0, 4));
    const all = run('moving_average', SEQUENCE);

    expect(run('moving_average', SEQUENCE.slice(0, 2)).state).toEqual({ quantity: '30', value: '50', unitCost: '1.6667' });
    expect(afterFirstIssue.state).toEqual({ quantity: '15', value: '25', unitCost: '1.6667' });
    expect(afterThirdReceipt.state).toEqual({ quantity: '20', value: '40', unitCost: '2' });
    expect(all.values).toEqual(['10', '40', '25', '15', '40']);
    expect(all.state).toEqual({ quantity: '0', value: '0', unitCost: '2' });
  });

  it('should round an issue to four places and let the last unit take the rest, so nothing is left over', () => {
    const result = run('moving_average', [{ in: '3', cost: '0.3333' }, { out: '1' }, { out: '2' }]);

    expect(result.values).toEqual(['0.9999', '0.3333', '0.6666']);
    expect(result.state.value).toBe('0');
  });

  it('should refuse to take out more than is on hand', () => {
    expect(() => applyAverageOutflow({ quantity: '1', value: '1', unitCost: '1' }, '1.001')).toThrow(RangeError);
  });
});

describe('FIFO', () => {
  it('should consume the oldest layers first, by hand: 10 @ 1 + 20 @ 2, out 15, in 5 @ 3, out 20', () => {
    const afterFirstIssue = run('fifo', SEQUENCE.slice(0, 3));
    const all = run('fifo', SEQUENCE);

    expect(afterFirstIssue.values).toEqual(['10', '40', '20']);
    expect(afterFirstIssue.state).toEqual({ quantity: '15', value: '30', unitCost: '2' });
    expect(afterFirstIssue.layers.map((layer) => [layer.remaining, layer.remainingValue])).toEqual([['15', '30']]);
    expect(run('fifo', SEQUENCE.slice(0, 4)).state).toEqual({ quantity: '20', value: '45', unitCost: '2.25' });
    expect(all.values).toEqual(['10', '40', '20', '15', '45']);
    expect(all.state).toEqual({ quantity: '0', value: '0', unitCost: '2.25' });
  });

  it('should never take more value from a layer than its rounded value holds', () => {
    // 2.5 kg at 0.0001 is worth 0.0003 (0.00025 rounded half up); five halves would take 0.0001 each.
    const result = run('fifo', [{ in: '2.5', cost: '0.0001' }, { out: '0.5' }, { out: '0.5' }, { out: '0.5' }, { out: '0.5' }, { out: '0.5' }]);

    expect(result.values).toEqual(['0.0003', '0.0001', '0.0001', '0.0001', '0', '0']);
    expect(result.state).toEqual({ quantity: '0', value: '0', unitCost: '0' });
  });

  it('should refuse to take out more than the layers hold', () => {
    const layers: CostLayer[] = [{ movementId: 'a', seq: '1', unitCost: '1', remaining: '1', remainingValue: '1' }];

    expect(() => applyFifoOutflow({ quantity: '1', value: '1', unitCost: '1' }, layers, '2')).toThrow(RangeError);
  });
});

describe('toValuationLine', () => {
  it.each([
    ['15', '25', '1.6667'],
    ['20', '45', '2.25'],
    ['0', '0', null],
    ['0.001', '0.0001', '0.1'],
  ])('should value %s units worth %s at a unit cost of %s', (quantity, value, unitCost) => {
    expect(toValuationLine(quantity, value)).toEqual({ quantity, unitCost, value });
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ["2026-01-01' or 1=1", false],
  ])('should say %s is a date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});

const quantity = fc.integer({ min: 1, max: 100_000 }).map((milli) => new Exact(milli).dividedBy(1000).toFixed());
const cost = fc.integer({ min: 0, max: 1_000_000 }).map((tenThousandths) => new Exact(tenThousandths).dividedBy(10_000).toFixed());
const steps = fc.array(fc.record({ inflow: fc.boolean(), quantity, cost }), { minLength: 1, maxLength: 40 }).map((draws) => {
  // Only as much goes out as is on hand, as the service's stock checks guarantee.
  let onHand = new Exact(0);
  return draws.map((draw): Step => {
    if (draw.inflow || onHand.isZero()) {
      onHand = onHand.plus(draw.quantity);
      return { in: draw.quantity, cost: draw.cost };
    }
    const out = Exact.min(onHand, draw.quantity);
    onHand = onHand.minus(out);
    return { out: out.toFixed() };
  });
});

describe('valuation invariants', () => {
  it.each(['moving_average', 'fifo'] as const)('should keep value = inflows - outflows >= 0 and value 0 when nothing is on hand, under %s', (method) => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const { state, layers, values } = run(method, sequence);
        const signed = sequence.reduce((total, step, index) => ('in' in step ? total.plus(values[index] ?? 0) : total.minus(values[index] ?? 0)), new Exact(0));
        expect(new Exact(state.value).equals(signed)).toBe(true);
        expect(new Exact(state.value).greaterThanOrEqualTo(0)).toBe(true);
        if (new Exact(state.quantity).isZero()) expect(state.value).toBe('0');
        if (method === 'fifo') {
          expect(layers.reduce((total, layer) => total.plus(layer.remaining), new Exact(0)).equals(state.quantity)).toBe(true);
          expect(layers.reduce((total, layer) => total.plus(layer.remainingValue), new Exact(0)).equals(state.value)).toBe(true);
        }
      }),
    );
  });
});
