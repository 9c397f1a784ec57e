import { nanoEurToEur } from '../domain/cost.js';
import { hasLimits, type QuotaLimits, retryAfterS } from '../domain/quota.js';
import { MonthlyBudgetExceededError, RequestsPerMinuteExceededError, TokensPerMinuteExceededError, withRetryAfter } from '../errors.js';
import type { QuotaStore, Reservation } from '../quota/quota-store.js';
import type { AiMetrics } from './metrics.js';

/**
 * Reserves a request against the tenant's limits before the call, or throws the 429 of the limit that refused
 * (with Retry-After). Without limits nothing is reserved and the store is not asked.
 */
export async function reserveQuota(
  store: QuotaStore,
  metrics: AiMetrics,
  request: { tenantId: string; limits: QuotaLimits; tokens: number; costNanoEur: number },
): Promise<Reservation | undefined> {
  if (!hasLimits(request.limits)) return undefined;
  const nowMs = Date.now();
  const tokensMax = request.limits.tokensPerMinute;
  if (tokensMax !== undefined && request.tokens > tokensMax) {
    metrics.quotaRefused('tokens_per_minute');
    throw new TokensPerMinuteExceededError(tokensMax, false);
  }
  const result = await store.reserve({ ...request, nowMs });
  if (result.ok) return result.reservation;
  metrics.quotaRefused(result.limit);
  const seconds = retryAfterS(result.limit, nowMs);
  if (result.limit === 'requests_per_minute') throw withRetryAfter(new RequestsPerMinuteExceededError(request.limits.requestsPerMinute ?? 0), seconds);
  if (result.limit === 'tokens_per_minute') throw withRetryAfter(new TokensPerMinuteExceededError(tokensMax ?? 0, true), seconds);
  throw withRetryAfter(new MonthlyBudgetExceededError(nanoEurToEur(request.limits.monthlyBudgetNanoEur ?? 0)), seconds);
}

/** Books the real figures; a failure is reported, not thrown: the call has happened and its answer is due. */
export async function settleQuota(
  store: QuotaStore,
  reservation: Reservation | undefined,
  actual: { tokens: number; costNanoEur: number },
  onError: (error: unknown, what: string) => void,
): Promise<void> {
  if (!reservation) return;
  await store.settle(reservation, actual).catch((error: unknown) => onError(error, 'settling a quota reservation'));
}
