/** How long to wait before restarting a crashed process. */
export interface BackoffOptions {
  /** Delay before the first restart. */
  readonly delayMsInitial: number;
  /** Upper bound for any single delay. */
  readonly delayMsMax: number;
}

/** Half a second, doubling, never more than eight seconds: five restarts take about 15 s in total. */
export const DEFAULT_BACKOFF: BackoffOptions = { delayMsInitial: 500, delayMsMax: 8_000 };

/**
 * The delay before restart number `attempt` (1 for the first restart): the initial delay doubled for each
 * earlier attempt, capped at the maximum.
 *
 * ### Example
 * ```ts
 * backoffDelayMs(3, { delayMsInitial: 500, delayMsMax: 8_000 }); // 2000
 * ```
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  // Cap the exponent so that a very large attempt number cannot overflow to Infinity.
  const doubled = options.delayMsInitial * 2 ** Math.min(attempt - 1, 30);
  return Math.min(doubled, options.delayMsMax);
}
