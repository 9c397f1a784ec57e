/**
 * How often and how patiently a failing event is retried before it goes to the dead-letter queue.
 * The delay doubles after each failed attempt, from `retryDelayMs` up to `retryDelayMsMax`.
 *
 * ### Example
 * ```ts
 * const retry: RetryPolicy = { attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 60_000 };
 * ```
 */
export interface RetryPolicy {
  /** Deliveries of one event, the first included, before it is dead-lettered. 1 means no retry. */
  readonly attempts: number;
  /** Delay before the first retry. */
  readonly retryDelayMs: number;
  /** Longest delay between two attempts. */
  readonly retryDelayMsMax: number;
}

/** Five attempts spread over about fifteen seconds: long enough to ride out a deploy or a lock wait. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 60_000 });

/**
 * Checks a retry policy once, at start, so a typo fails the start instead of the hundredth event.
 *
 * ### Example
 * ```ts
 * assertRetryPolicy({ attempts: 3, retryDelayMs: 500, retryDelayMsMax: 2_000 });
 * ```
 */
export function assertRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 100) {
    throw new RangeError(`Retry attempts must be an integer from 1 to 100, got ${policy.attempts}`);
  }
  if (!Number.isInteger(policy.retryDelayMs) || policy.retryDelayMs < 1) {
    throw new RangeError(`retryDelayMs must be a positive integer, got ${policy.retryDelayMs}`);
  }
  if (!Number.isInteger(policy.retryDelayMsMax) || policy.retryDelayMsMax < policy.retryDelayMs) {
    throw new RangeError(`retryDelayMsMax must be an integer of at least retryDelayMs (${policy.retryDelayMs}), got ${policy.retryDelayMsMax}`);
  }
}

/**
 * The delay after the `failedAttempts`-th failed attempt (1 for the first failure).
 *
 * ### Example
 * ```ts
 * retryDelayMs({ attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 3_000 }, 3); // 3000 (not 4000)
 * ```
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  return Math.min(policy.retryDelayMsMax, policy.retryDelayMs * 2 ** exponent);
}

/**
 * Every distinct delay the policy can ask for, shortest first: RabbitMQ keeps one delay queue per value.
 *
 * ### Example
 * ```ts
 * retryDelaysMs({ attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 3_000 }); // [1000, 2000, 3000]
 * ```
 */
export function retryDelaysMs(policy: RetryPolicy): number[] {
  const delays = new Set<number>();
  for (let failed = 1; failed < policy.attempts; failed += 1) delays.add(retryDelayMs(policy, failed));
  return [...delays];
}
