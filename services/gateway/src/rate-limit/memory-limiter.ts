import type { Counter, CounterState, RateLimitDecision } from '../domain/sliding-window.js';
import type { RateLimiter } from './limiter.js';
import { TimeLog } from './time-log.js';

export interface MemoryLimiterOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** How often, in calls, empty logs are swept out; default 10 000. */
  sweepEvery?: number;
}

/**
 * The limiter for a gateway without Redis: the same sliding window as the Redis script and as `admitOne`
 * (domain/sliding-window.ts, the reference a property test holds this to), kept in a map in this process.
 * Logs that have emptied are dropped on every `sweepEvery`th call, so addresses seen once do not stay in
 * memory for good; no timer is needed, and nothing has to be closed.
 */
export function createMemoryLimiter(options: MemoryLimiterOptions = {}): RateLimiter & { size(): number } {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 10_000;
  const logs = new Map<string, { log: TimeLog; windowMs: number }>();
  let calls = 0;

  const sweep = (nowMs: number) => {
    for (const [key, entry] of logs) {
      entry.log.prune(nowMs, entry.windowMs);
      if (entry.log.count === 0) logs.delete(key);
    }
  };

  const liveLog = (counter: Counter, nowMs: number): TimeLog => {
    const windowMs = counter.rule.windowS * 1000;
    let entry = logs.get(counter.key);
    if (!entry) {
      entry = { log: new TimeLog(), windowMs };
      logs.set(counter.key, entry);
    }
    entry.windowMs = windowMs;
    entry.log.prune(nowMs, windowMs);
    return entry.log;
  };

  return {
    async consume(counters: readonly Counter[]): Promise<RateLimitDecision> {
      const nowMs = now();
      calls += 1;
      if (calls % sweepEvery === 0) sweep(nowMs);
      const live = counters.map((counter) => liveLog(counter, nowMs));
      const allowed = live.every((log, index) => log.count < (counters[index]?.rule.limit ?? 0));
      if (allowed) for (const log of live) log.push(nowMs);
      const states: CounterState[] = live.map((log, index) => ({
        count: log.count,
        pivotMs: log.at(Math.max(0, log.count - (counters[index]?.rule.limit ?? 1))),
      }));
      counters.forEach((counter, index) => {
        if (live[index]?.count === 0) logs.delete(counter.key);
      });
      return { allowed, nowMs, states };
    },
    size: () => logs.size,
  };
}
