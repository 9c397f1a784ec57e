import { createHash, randomUUID } from 'node:crypto';
import type { RedisClient } from '@erp/kit';
import { budgetMonth, minuteWindowStartMs } from '../domain/quota.js';
import { type QuotaStore, REFUSED_BY, RESERVATION_TTL_MS, type Reservation } from './quota-store.js';

/*
 * Reserve as one script, so checking and counting are a single atomic step however many instances share Redis;
 * the checks mirror exceededLimit in domain/quota.ts. Amounts are integers (nano-euros, tokens): Redis counts
 * them exactly, and Lua's numbers are exact up to 2^53, far above any budget the settings allow.
 * KEYS: 1 minute hash {r, t}, 2 month hash {spent, reserved}, 3 reservation expiries (zset), 4 reservation amounts (hash).
 * ARGV: 1 rpm, 2 tpm, 3 budget (-1: none), 4 tokens, 5 cost, 6 reservation id, 7 now ms, 8 expiry ms, 9 minute ttl ms, 10 month ttl ms.
 * Returns 0 when reserved, else 1, 2 or 3 for the limit that refused.
 */
const RESERVE = `
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[7])
for _, id in ipairs(stale) do
  local amount = tonumber(redis.call('HGET', KEYS[4], id) or '0')
  redis.call('HINCRBY', KEYS[2], 'reserved', -amount)
  redis.call('HDEL', KEYS[4], id)
  redis.call('ZREM', KEYS[3], id)
end
local rpm, tpm, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens, cost = tonumber(ARGV[4]), tonumber(ARGV[5])
local requests = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
local used = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
if rpm >= 0 and requests + 1 > rpm then return 1 end
if tpm >= 0 and used + tokens > tpm then return 2 end
local spent = tonumber(redis.call('HGET', KEYS[2], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[2], 'reserved') or '0')
if budget >= 0 and cost > 0 and spent + reserved + cost > budget then return 3 end
redis.call('HINCRBY', KEYS[1], 'r', 1)
redis.call('HINCRBY', KEYS[1], 't', tokens)
redis.call('PEXPIRE', KEYS[1], ARGV[9])
if cost > 0 then
  redis.call('HINCRBY', KEYS[2], 'reserved', cost)
  redis.call('ZADD', KEYS[3], ARGV[8], ARGV[6])
  redis.call('HSET', KEYS[4], ARGV[6], cost)
  redis.call('PEXPIRE', KEYS[3], ARGV[10])
  redis.call('PEXPIRE', KEYS[4], ARGV[10])
end
redis.call('PEXPIRE', KEYS[2], ARGV[10])
return 0
`;

/*
 * Settle: release what is still reserved (an expired reservation was released already), book the real cost,
 * and correct the minute's tokens by the difference between the real count and the estimate.
 * KEYS as above. ARGV: 1 reservation id, 2 token difference, 3 real cost, 4 minute ttl ms, 5 month ttl ms.
 */
const SETTLE = `
local amount = redis.call('HGET', KEYS[4], ARGV[1])
if amount then
  redis.call('HINCRBY', KEYS[2], 'reserved', -tonumber(amount))
  redis.call('HDEL', KEYS[4], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
redis.call('HINCRBY', KEYS[2], 'spent', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
if tonumber(ARGV[2]) ~= 0 then
  redis.call('HINCRBY', KEYS[1], 't', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 0
`;

const MINUTE_TTL_MS = 3 * 60_000;
// A month's counters outlive the month by a few days, for late settlements and for reading.
const MONTH_TTL_MS = 35 * 24 * 3_600_000;

function keys(prefix: string, tenantId: string, windowStartMs: number, month: string): string[] {
  // One hash tag per tenant keeps a tenant's keys in one slot of a Redis Cluster, as a script needs.
  const base = `${prefix}{${tenantId}}`;
  return [`${base}:minute:${windowStartMs}`, `${base}:month:${month}`, `${base}:reservations:${month}`, `${base}:amounts:${month}`];
}

async function run(redis: RedisClient, script: string, keyList: string[], args: (string | number)[]): Promise<unknown> {
  const sha = createHash('sha1').update(script).digest('hex');
  try {
    return await redis.evalsha(sha, keyList.length, ...keyList, ...args);
  } catch (error) {
    // A restarted or flushed Redis has forgotten the script; send it in full once.
    if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
    return await redis.eval(script, keyList.length, ...keyList, ...args);
  }
}

/** The quota store in Redis (with `REDIS_URL`). */
export function createRedisQuotaStore(redis: RedisClient, prefix = 'erp:ai:quota:'): QuotaStore {
  return {
    kind: 'redis',
    async reserve(input) {
      const windowStartMs = minuteWindowStartMs(input.nowMs);
      const month = budgetMonth(input.nowMs);
      const id = randomUUID();
      const { requestsPerMinute, tokensPerMinute, monthlyBudgetNanoEur } = input.limits;
      const args = [requestsPerMinute ?? -1, tokensPerMinute ?? -1, monthlyBudgetNanoEur ?? -1, input.tokens, input.costNanoEur, id, input.nowMs];
      const result = Number(
        await run(redis, RESERVE, keys(prefix, input.tenantId, windowStartMs, month), [...args, input.nowMs + RESERVATION_TTL_MS, MINUTE_TTL_MS, MONTH_TTL_MS]),
      );
      if (result !== 0) return { ok: false, limit: REFUSED_BY[result] ?? 'requests_per_minute' };
      const reservation: Reservation = { id, tenantId: input.tenantId, windowStartMs, month, tokens: input.tokens, costNanoEur: input.costNanoEur };
      return { ok: true, reservation };
    },
    async settle(reservation, actual) {
      const keyList = keys(prefix, reservation.tenantId, reservation.windowStartMs, reservation.month);
      await run(redis, SETTLE, keyList, [reservation.id, actual.tokens - reservation.tokens, actual.costNanoEur, MINUTE_TTL_MS, MONTH_TTL_MS]);
    },
    async usage(tenantId, nowMs) {
      const [minute, month] = keys(prefix, tenantId, minuteWindowStartMs(nowMs), budgetMonth(nowMs));
      const [counts, budget] = await Promise.all([redis.hgetall(minute ?? ''), redis.hgetall(month ?? '')]);
      return {
        requests: Number(counts.r ?? 0),
        tokens: Number(counts.t ?? 0),
        spentNanoEur: Number(budget.spent ?? 0),
        reservedNanoEur: Number(budget.reserved ?? 0),
      };
    },
  };
}
