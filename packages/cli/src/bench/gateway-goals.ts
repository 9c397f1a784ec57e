import { fixed } from './table.js';

/** A target of the gateway issue: a figure must stay at or above (`>=`) or at or below (`<=`) `limit`. */
export interface Goal {
  readonly direction: '>=' | '<=';
  readonly limit: number;
}

/** The goal as the tables print it, e.g. `>= 0.5` or `<= 1 ms`. */
export function goalText(goal: Goal, unit = ''): string {
  return `${goal.direction} ${goal.limit}${unit ? ` ${unit}` : ''}`;
}

/** `yes` when `value` meets `goal`, `NO` when it misses it, `n/a` when nothing was measured. */
export function goalMet(value: number, goal: Goal): string {
  if (!Number.isFinite(value)) return 'n/a';
  const met = goal.direction === '>=' ? value >= goal.limit : value <= goal.limit;
  return met ? 'yes' : 'NO';
}

/** Per-round values as one table cell, e.g. `4210, 4388, 4302`. */
export function perRound(values: readonly number[], decimals: number): string {
  return values.map((value) => fixed(value, decimals)).join(', ');
}

/**
 * The rate of the latency figure: half the gateway's measured saturation rate, rounded down to whole
 * requests per second and at least one, so that a failed saturation figure still yields a runnable rate.
 */
export function halfRate(saturationPerSecond: number): number {
  return Number.isFinite(saturationPerSecond) ? Math.max(1, Math.floor(saturationPerSecond / 2)) : 1;
}
