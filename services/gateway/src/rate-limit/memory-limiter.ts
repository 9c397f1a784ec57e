import { admitOne, type Counter, type RateLimitDecision } from '../domain/sliding-window.js';
import type { RateLimiter } from './limiter.js';

export interface MemoryLimiterOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** How often, in calls, empty logs are swept out; default 10 000. */
  sweepEvery?: number;
}

/**
 * The limiter for a gateway without Redis: the same sliding window as the Redis script, kept in a map in
 * this process. Logs that have emptied are dropped on every `sweepEvery`th call, so addresses seen once do
 * not stay in memory for good; no timer is needed, and nothing has to be closed.
 */
export function createMemoryLimiter(options: MemoryLimiterOptions = {}): RateLimiter & { size(): number } {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 10_000;
  const logs = new Map<string, { entries: number[]; expiresAtMs: number }>();
  let calls = 0;

  const sweep = (nowMs: number) => {
    for (const [key, log] of logs) if (log.expiresAtMs <= nowMs) logs.delete(key);
  };

  return {
    async consume(counters: readonly Counter[]): Promise<RateLimitDecision> {
      const nowMs = now();
      calls += 1;
      if (calls % sweepEvery === 0) sweep(nowMs);
      const result = admitOne(
        counters.map((counter) => logs.get(counter.key)?.entries ?? []),
        counters,
        nowMs,
      );
      counters.forEach((counter, index) => {
        const entries = result.logs[index] ?? [];
        const newest = entries.at(-1);
        if (newest === undefined) logs.delete(counter.key);
        else logs.set(counter.key, { entries, expiresAtMs: newest + counter.rule.windowS * 1000 });
      });
      return result.decision;
    },
    size: () => logs.size,
  };
}
