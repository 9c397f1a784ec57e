/**
 * How many of `total` items are due `elapsedMs` after the start of a schedule at `ratePerSecond`. A writer
 * that starts every due item, however late the earlier ones finish, offers a fixed rate (open loop), so a
 * slow consumer shows up as growing latency instead of as a slower producer.
 */
export function dueCount(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
  if (elapsedMs <= 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1000));
}
