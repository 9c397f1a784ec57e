/** A tenant's limits; an absent one does not apply. */
export interface QuotaLimits {
  readonly requestsPerMinute?: number | undefined;
  readonly tokensPerMinute?: number | undefined;
  /** The monthly budget in nano-euros (see `toNanoEur`). */
  readonly monthlyBudgetNanoEur?: number | undefined;
}

/** Which limit refused a request; also the suffix of its error code. */
export type QuotaLimit = 'requests_per_minute' | 'tokens_per_minute' | 'monthly_budget';

const MINUTE_MS = 60_000;

/** The stricter of two limits; an absent limit is no limit. */
function stricter(left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return Math.min(left, right);
}

/** The limits that apply: the operator's and the tenant's own, whichever is lower for each. */
export function effectiveLimits(operator: QuotaLimits, tenant: QuotaLimits): QuotaLimits {
  return {
    requestsPerMinute: stricter(operator.requestsPerMinute, tenant.requestsPerMinute),
    tokensPerMinute: stricter(operator.tokensPerMinute, tenant.tokensPerMinute),
    monthlyBudgetNanoEur: stricter(operator.monthlyBudgetNanoEur, tenant.monthlyBudgetNanoEur),
  };
}

export function hasLimits(limits: QuotaLimits): boolean {
  return limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined || limits.monthlyBudgetNanoEur !== undefined;
}

/** Start of the calendar minute (UTC) that `nowMs` falls in: the window of the per-minute counters. */
export function minuteWindowStartMs(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
}

/** The budget month of `nowMs`, `YYYY-MM` in UTC. */
export function budgetMonth(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

/** Whole seconds until a refused request could pass: the next minute, or the next month for the budget. */
export function retryAfterS(limit: QuotaLimit, nowMs: number): number {
  if (limit !== 'monthly_budget') return Math.max(1, Math.ceil((minuteWindowStartMs(nowMs) + MINUTE_MS - nowMs) / 1000));
  const now = new Date(nowMs);
  const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((nextMonth - nowMs) / 1000));
}

/** The counters of one tenant as a store holds them for a check. */
export interface QuotaCounters {
  readonly requests: number;
  readonly tokens: number;
  readonly spentNanoEur: number;
  readonly reservedNanoEur: number;
}

/** The first limit that one more request of `tokens` and `costNanoEur` would exceed; `undefined` if it fits. */
export function exceededLimit(limits: QuotaLimits, counters: QuotaCounters, tokens: number, costNanoEur: number): QuotaLimit | undefined {
  if (limits.requestsPerMinute !== undefined && counters.requests + 1 > limits.requestsPerMinute) return 'requests_per_minute';
  if (limits.tokensPerMinute !== undefined && counters.tokens + tokens > limits.tokensPerMinute) return 'tokens_per_minute';
  const budget = limits.monthlyBudgetNanoEur;
  // A call that costs nothing (the built-in engine, a cache hit) passes even when the budget is spent.
  if (budget !== undefined && costNanoEur > 0 && counters.spentNanoEur + counters.reservedNanoEur + costNanoEur > budget) return 'monthly_budget';
  return undefined;
}
