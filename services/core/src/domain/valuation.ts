import { Exact, toCost, toText } from './stock-decimal.js';

export type ValuationMethod = 'moving_average' | 'fifo';

export const VALUATION_METHODS: readonly ValuationMethod[] = ['moving_average', 'fifo'];

/** What a product's stock is worth right now, across every location of the tenant. */
export interface CostState {
  /** Decimal string: the quantity on hand. */
  quantity: string;
  /** Decimal string: the cost value of that quantity. */
  value: string;
  /** The current unit cost (value / quantity, four places), kept as the last known one while nothing is on hand; `null` before the first inflow. */
  unitCost: string | null;
}

/** What is left of one inflow under FIFO, oldest first by `seq`. */
export interface CostLayer {
  movementId: string;
  seq: string;
  unitCost: string;
  remaining: string;
  remainingValue: string;
}

/** A layer after an outflow took from it. */
export interface ConsumedLayer {
  movementId: string;
  remaining: string;
  remainingValue: string;
}

export interface CostChange {
  state: CostState;
  /** The cost value of the quantity moved, four places at most. */
  value: string;
}

export const EMPTY_COST_STATE: CostState = { quantity: '0', value: '0', unitCost: null };

/** Value / quantity with four places, or the previous unit cost when nothing is left on hand. */
function nextUnitCost(quantity: Exact, value: Exact, previous: string | null): string | null {
  return quantity.isZero() ? previous : toCost(value.dividedBy(quantity));
}

/**
 * Adds an inflow of `quantity` at `unitCost`: its value is quantity × unit cost rounded half up to four
 * places. Under both methods the state's value grows by exactly that, so a moving average is the new total
 * value over the new total quantity.
 */
export function applyInflow(state: CostState, quantity: string, unitCost: string): CostChange {
  const value = new Exact(quantity).times(unitCost).toDecimalPlaces(4);
  const nextQuantity = new Exact(state.quantity).plus(quantity);
  const nextValue = new Exact(state.value).plus(value);
  return {
    state: { quantity: toText(nextQuantity), value: toText(nextValue), unitCost: nextUnitCost(nextQuantity, nextValue, unitCost) },
    value: toText(value),
  };
}

/**
 * Takes `quantity` out at the moving average: its share of the total value (value × quantity / on hand,
 * four places); the last unit out takes the whole remaining value, so no rounding residue is left behind.
 */
export function applyAverageOutflow(state: CostState, quantity: string): CostChange {
  const onHand = new Exact(state.quantity);
  const out = new Exact(quantity);
  if (out.greaterThan(onHand)) throw new RangeError(`cannot take ${quantity} out of ${state.quantity}`);
  const total = new Exact(state.value);
  const value = out.equals(onHand) ? total : total.times(out).dividedBy(onHand).toDecimalPlaces(4);
  const nextQuantity = onHand.minus(out);
  const nextValue = total.minus(value);
  return {
    state: { quantity: toText(nextQuantity), value: toText(nextValue), unitCost: nextUnitCost(nextQuantity, nextValue, state.unitCost) },
    value: toText(value),
  };
}

/**
 * Takes `quantity` out first-in first-out: from the oldest layers on, each part at its layer's unit cost (four
 * places); a layer emptied gives its whole remaining value, so layers and state always add up.
 */
export function applyFifoOutflow(state: CostState, layers: readonly CostLayer[], quantity: string): CostChange & { consumed: ConsumedLayer[] } {
  let open = new Exact(quantity);
  let value = new Exact(0);
  const consumed: ConsumedLayer[] = [];
  for (const layer of [...layers].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))) {
    if (open.isZero()) break;
    const remaining = new Exact(layer.remaining);
    const take = Exact.min(open, remaining);
    const left = new Exact(layer.remainingValue);
    // Rounded parts of a layer can add up to a ten-thousandth more than its rounded value; never take more than is left.
    const taken = take.equals(remaining) ? left : Exact.min(take.times(layer.unitCost).toDecimalPlaces(4), left);
    value = value.plus(taken);
    open = open.minus(take);
    consumed.push({ movementId: layer.movementId, remaining: toText(remaining.minus(take)), remainingValue: toText(left.minus(taken)) });
  }
  if (!open.isZero()) throw new RangeError(`FIFO layers hold less than ${quantity}`);
  const nextQuantity = new Exact(state.quantity).minus(quantity);
  const nextValue = new Exact(state.value).minus(value);
  return {
    state: { quantity: toText(nextQuantity), value: toText(nextValue), unitCost: nextUnitCost(nextQuantity, nextValue, state.unitCost) },
    value: toText(value),
    consumed,
  };
}

/** One line of a valuation: a product's quantity and value from the ledger, and the unit cost they imply. */
export interface ValuationLine {
  quantity: string;
  unitCost: string | null;
  value: string;
}

export function toValuationLine(quantity: string, value: string): ValuationLine {
  const onHand = new Exact(quantity);
  const worth = new Exact(value);
  return { quantity: toText(onHand), unitCost: onHand.isZero() ? null : toCost(worth.dividedBy(onHand)), value: toText(worth) };
}

/** Whether `text` is a real day in YYYY-MM-DD form (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
