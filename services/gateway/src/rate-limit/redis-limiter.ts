import { createHash, randomBytes } from 'node:crypto';
import type { HealthCheckDefinition, RedisClient } from '@erp/kit';
import type { Counter, CounterState, RateLimitDecision } from '../domain/sliding-window.js';
import type { RateLimiter } from './limiter.js';

/*
 * The sliding window of domain/sliding-window.ts as one script, so that checking and recording are a single
 * atomic step however many gateways share the counters. The time comes from Redis itself: gateways whose
 * clocks disagree still see one timeline. Every key gets a TTL of its window, renewed on each call, so a
 * counter disappears once its newest entry has expired.
 * KEYS: one sorted set per counter. ARGV[1]: a member unique to this request; then limit and window_ms per key.
 * Returns { allowed, now_ms, count_1, pivot_1, count_2, pivot_2, ... }.
 */
const SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local counts = {}
local allowed = 1
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  counts[i] = redis.call('ZCARD', KEYS[i])
  if counts[i] >= limit then allowed = 0 end
end
local result = { allowed, now }
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  if allowed == 1 then
    redis.call('ZADD', KEYS[i], now, ARGV[1])
    counts[i] = counts[i] + 1
  end
  local pivot = -1
  if counts[i] > 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    local index = math.max(0, counts[i] - limit)
    pivot = tonumber(redis.call('ZRANGE', KEYS[i], index, index, 'WITHSCORES')[2])
  end
  result[#result + 1] = counts[i]
  result[#result + 1] = pivot
end
return result
`;
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface RedisLimiterOptions {
  redis: RedisClient;
  /** The longest wait for Redis before the call fails (and the gateway admits the request); default 200 ms. */
  timeoutMs?: number;
  /** Prepended to every counter key; default `erp:gateway:rate:`. */
  keyPrefix?: string;
}

/** A limiter whose counters live in Redis, plus a `/health` check that warns while Redis calls fail. */
export interface RedisLimiter extends RateLimiter {
  readonly healthCheck: HealthCheckDefinition;
}

/**
 * Counters shared by every gateway instance through Redis. A call that fails or exceeds `timeoutMs` rejects
 * at once (no queueing behind a reconnect), and the health check reports `warn` until a call succeeds again.
 */
export function createRedisLimiter(options: RedisLimiterOptions): RedisLimiter {
  const { redis } = options;
  const timeoutMs = options.timeoutMs ?? 200;
  const keyPrefix = options.keyPrefix ?? 'erp:gateway:rate:';
  const memberPrefix = randomBytes(6).toString('hex');
  let sequence = 0;
  let lastError: Error | undefined;

  const run = async (keys: string[], args: (string | number)[]): Promise<unknown> => {
    if (redis.status !== 'ready') throw new Error(`Redis is not connected (connection ${redis.status}).`);
    try {
      return await redis.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      // A restarted or flushed Redis has forgotten the script; send it in full once.
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return await redis.eval(SCRIPT, keys.length, ...keys, ...args);
    }
  };

  return {
    async consume(counters: readonly Counter[]): Promise<RateLimitDecision> {
      sequence += 1;
      const keys = counters.map((counter) => `${keyPrefix}${counter.key}`);
      const args = [`${memberPrefix}-${sequence}`, ...counters.flatMap((counter) => [counter.rule.limit, counter.rule.windowS * 1000])];
      try {
        const reply = await withTimeout(run(keys, args), timeoutMs);
        lastError = undefined;
        return toDecision(reply as number[]);
      } catch (error) {
        lastError = error as Error;
        throw error;
      }
    },
    healthCheck: {
      critical: false,
      run: async () =>
        lastError ? { status: 'warn', detail: `Rate limits are not enforced while Redis fails: ${lastError.message}`.slice(0, 500) } : { status: 'pass' },
    },
  };
}

function toDecision(reply: readonly number[]): RateLimitDecision {
  const states: CounterState[] = [];
  for (let index = 2; index < reply.length; index += 2) {
    const pivot = Number(reply[index + 1]);
    states.push({ count: Number(reply[index]), pivotMs: pivot < 0 ? undefined : pivot });
  }
  return { allowed: reply[0] === 1, nowMs: Number(reply[1]), states };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms.`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
