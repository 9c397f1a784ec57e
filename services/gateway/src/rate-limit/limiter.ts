import type { Counter, RateLimitDecision } from '../domain/sliding-window.js';

/** A store of sliding-window counters: in process, or in Redis when several gateways must share them. */
export interface RateLimiter {
  /**
   * Admits one request when every counter has room, recording it in all of them; records nothing otherwise.
   * Rejects when the store cannot answer, so the caller decides what an outage means.
   */
  consume(counters: readonly Counter[]): Promise<RateLimitDecision>;
}
