/** The throttle settings the delay depends on (a subset of the service's login configuration). */
export interface ThrottlePolicy {
  readonly freeAttempts: number;
  readonly delayBaseMs: number;
  readonly delayMaxMs: number;
  readonly lockoutAfter: number;
  readonly lockoutMs: number;
}

/**
 * How long the next attempt must wait after the `failures`-th consecutive failure: nothing for the free
 * attempts, then a delay that doubles per failure up to the maximum, and the lockout from `lockoutAfter` on.
 */
export function throttleDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures >= policy.lockoutAfter) return policy.lockoutMs;
  if (failures < policy.freeAttempts) return 0;
  const doublings = Math.min(failures - policy.freeAttempts, 30);
  return Math.min(policy.delayBaseMs * 2 ** doublings, policy.delayMaxMs);
}

/** Whole seconds until `blockedUntil`, at least 1, for a `Retry-After` header. */
export function retryAfterSeconds(blockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}

/** The throttle key of an account; the address is lower-cased so that case variants share one counter. */
export function accountThrottleKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

/** The throttle key of a client address. */
export function addressThrottleKey(ip: string): string {
  return `ip:${ip}`;
}
