import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RateLimitRule } from '../../src/domain/rate-limit-policy.js';
import type { RateLimitDecision } from '../../src/domain/sliding-window.js';
import { createMemoryLimiter } from '../../src/rate-limit/memory-limiter.js';
import { createRedisLimiter } from '../../src/rate-limit/redis-limiter.js';

const redisUrl = inject('redisUrl');
const keyPrefix = `erp:test:rate:${randomUUID()}:`;
let redis: RedisClient;

const rule = (limit: number, windowS: number, by: RateLimitRule['by'] = 'ip'): RateLimitRule => ({ by, limit, windowS });

beforeAll(async () => {
  if (!redisUrl) return;
  redis = connectRedis(redisUrl, { name: 'gateway-test' });
  await new Promise((resolve) => redis.once('ready', resolve));
});
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe.runIf(Boolean(redisUrl))('createRedisLimiter with Redis', () => {
  it('should admit exactly the limit of a concurrent burst and report the Redis clock', async () => {
    const limiter = createRedisLimiter({ redis, keyPrefix });
    const counters = [{ key: 'burst:ip:1', rule: rule(20, 60) }];

    const decisions = await Promise.all(Array.from({ length: 60 }, () => limiter.consume(counters)));

    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(20);
    expect(Math.abs((decisions[0]?.nowMs ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('should put a TTL no longer than its window on every key it writes', async () => {
    const limiter = createRedisLimiter({ redis, keyPrefix });
    const counters = [
      { key: 'ttl:ip:1', rule: rule(5, 30) },
      { key: 'ttl:user:u1', rule: rule(5, 60, 'user') },
      { key: 'ttl:tenant:t1', rule: rule(1, 3600, 'tenant') },
    ];

    await limiter.consume(counters);
    await limiter.consume(counters);
    const keys = await redis.keys(`${keyPrefix}ttl:*`);
    const ttls = await Promise.all(keys.map(async (key) => [key.slice(keyPrefix.length), await redis.pttl(key)] as const));

    expect(Object.fromEntries(ttls.map(([key]) => [key, true]))).toEqual({ 'ttl:ip:1': true, 'ttl:user:u1': true, 'ttl:tenant:t1': true });
    for (const [key, ttl] of ttls) {
      const windowMs = (counters.find((counter) => counter.key === key)?.rule.windowS ?? 0) * 1000;
      expect(ttl).toBeGreaterThan(windowMs - 5000);
      expect(ttl).toBeLessThanOrEqual(windowMs);
    }
  });

  it('should record a refused request in none of its counters', async () => {
    const limiter = createRedisLimiter({ redis, keyPrefix });
    const user = { key: 'all-or-none:user:u1', rule: rule(1, 60, 'user') };
    const tenant = { key: 'all-or-none:tenant:t1', rule: rule(10, 60, 'tenant') };

    await limiter.consume([user, tenant]);
    const refused = await limiter.consume([user, tenant]);

    expect(refused).toMatchObject({ allowed: false, states: [{ count: 1 }, { count: 1 }] });
    expect(await redis.zcard(`${keyPrefix}all-or-none:tenant:t1`)).toBe(1);
  });

  it('should decide a mixed sequence of requests exactly as the in-process limiter does', async () => {
    const ip = { key: 'same:ip:1', rule: rule(3, 60) };
    const user = { key: 'same:user:u1', rule: rule(2, 60, 'user') };
    const tenant = { key: 'same:tenant:t1', rule: rule(4, 60, 'tenant') };
    const sequence = [[ip, user], [ip, tenant], [ip, user, tenant], [user], [tenant], [ip], [user, tenant], [tenant], [tenant]];
    const redisLimiter = createRedisLimiter({ redis, keyPrefix });
    const memoryLimiter = createMemoryLimiter();

    const fromRedis = [];
    const fromMemory = [];
    for (const counters of sequence) {
      fromRedis.push(await redisLimiter.consume(counters));
      fromMemory.push(await memoryLimiter.consume(counters));
    }
    const shape = (decisions: RateLimitDecision[]) => decisions.map(({ allowed, states }) => ({ allowed, counts: states.map((state) => state.count) }));

    expect(shape(fromRedis)).toEqual(shape(fromMemory));
    expect(fromRedis.map((decision) => decision.allowed)).toEqual([true, true, true, false, true, false, false, true, false]);
  });

  it('should load its script again when Redis has forgotten it', async () => {
    const limiter = createRedisLimiter({ redis, keyPrefix });
    await limiter.consume([{ key: 'flush:ip:1', rule: rule(5, 60) }]);

    await redis.script('FLUSH');
    const decision = await limiter.consume([{ key: 'flush:ip:1', rule: rule(5, 60) }]);

    expect(decision).toMatchObject({ allowed: true, states: [{ count: 2 }] });
  });
});

describe('createRedisLimiter when Redis fails', () => {
  it.runIf(Boolean(redisUrl))('should reject within the timeout when Redis does not answer, and warn in its health check until it answers', async () => {
    const limiter = createRedisLimiter({ redis, keyPrefix, timeoutMs: 100 });
    const admin = connectRedis(redisUrl, { name: 'gateway-test-admin' });
    // A paused Redis keeps connections open and holds scripts unanswered: the hang the timeout exists for. WRITE
    // mode for 300 ms only, so that other test files sharing this Redis can still read.
    await admin.call('CLIENT', 'PAUSE', '300', 'WRITE');
    const started = performance.now();

    const outcome = await limiter.consume([{ key: 'hung:ip:1', rule: rule(5, 60) }]).catch((error: Error) => error);
    const elapsedMs = performance.now() - started;
    const during = await limiter.healthCheck.run();
    await admin.call('CLIENT', 'UNPAUSE');
    await admin.quit();
    await limiter.consume([{ key: 'hung:ip:1', rule: rule(5, 60) }]);
    const after = await limiter.healthCheck.run();

    expect(String(outcome)).toContain('Redis did not answer within 100 ms');
    expect(elapsedMs).toBeLessThan(500);
    expect(during).toMatchObject({ status: 'warn', detail: expect.stringContaining('Rate limits are not enforced') });
    expect(after).toEqual({ status: 'pass' });
  });

  it('should reject at once when the connection is down', async () => {
    const down = connectRedis(`redis://127.0.0.1:${await freePort()}`, { name: 'gateway-test-down', connectTimeoutMs: 200 });
    const limiter = createRedisLimiter({ redis: down, timeoutMs: 5000 });
    const started = performance.now();

    const outcome = await limiter.consume([{ key: 'down:ip:1', rule: rule(5, 60) }]).catch((error: Error) => error);
    down.disconnect();

    expect(String(outcome)).toContain('Redis is not connected');
    expect(performance.now() - started).toBeLessThan(100);
  });
});
