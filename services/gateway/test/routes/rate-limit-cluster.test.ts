import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient, type ServiceApp } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisLimiter } from '../../src/rate-limit/redis-limiter.js';
import { type EdgeGateway, startEdgeGateway } from '../edge-helpers.js';
import { startUpstream } from '../helpers.js';

const redisUrl = inject('redisUrl');
const keyPrefix = `erp:test:rate:${randomUUID()}:`;
let redis: RedisClient[] = [];
let upstream: { app: ServiceApp; url: string };
let gateways: EdgeGateway[] = [];

async function connected(name: string): Promise<RedisClient> {
  const client = connectRedis(redisUrl, { name });
  await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

beforeAll(async () => {
  if (!redisUrl) return;
  upstream = await startUpstream('core-1');
  // Two gateway processes in all but name: each has its own Redis connection and its own limiter.
  redis = await Promise.all([connected('gateway-a'), connected('gateway-b')]);
  gateways = await Promise.all(
    redis.map((client) =>
      startEdgeGateway({
        upstreamUrl: upstream.url,
        rateLimits: '/api/v1/customers=ip:50/1m; /api/v1/orders=user:5/1m,tenant:8/1m',
        limiter: createRedisLimiter({ redis: client, keyPrefix, timeoutMs: 2000 }),
      }),
    ),
  );
});
afterAll(async () => {
  if (!redisUrl) return;
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream.app.close();
  const keys = await redis[0]?.keys(`${keyPrefix}*`);
  if (keys?.length) await redis[0]?.del(...keys);
  await Promise.all(redis.map((client) => client.quit()));
});

describe.runIf(Boolean(redisUrl))('rate limits shared by two gateways through Redis', () => {
  it('should let exactly the limit of a concurrent burst through across both instances', async () => {
    const urls = gateways.map((gateway) => gateway.url);

    const answers = await Promise.all(Array.from({ length: 200 }, (_unused, i) => fetch(`${urls[i % 2]}/api/v1/customers?i=${i}`)));
    const refused = answers.filter((answer) => answer.status === 429);
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((answer) => Number(answer.headers.get('retry-after')) >= 59)).toBe(true);
  });

  it('should count users and tenants across instances and give every counter key a TTL', async () => {
    const send = (gateway: number, user: string) =>
      fetch(`${gateways[gateway]?.url}/api/v1/orders`, { headers: { 'x-test-user': user, 'x-test-tenant': 'tenant-1' } }).then((answer) => answer.status);

    const alice = [
      await send(0, 'alice'),
      await send(1, 'alice'),
      await send(0, 'alice'),
      await send(1, 'alice'),
      await send(0, 'alice'),
      await send(1, 'alice'),
    ];
    const bob = [await send(1, 'bob'), await send(0, 'bob'), await send(1, 'bob'), await send(0, 'bob')];
    const keys = (await redis[0]?.keys(`${keyPrefix}*`)) ?? [];
    const ttls = await Promise.all(keys.map((key) => redis[0]?.pttl(key)));

    expect(alice).toEqual([200, 200, 200, 200, 200, 429]);
    expect(bob).toEqual([200, 200, 200, 429]);
    expect(keys.map((key) => key.slice(keyPrefix.length)).sort()).toEqual([
      '/api/v1/customers:ip:127.0.0.1',
      '/api/v1/orders:tenant:tenant-1',
      '/api/v1/orders:user:alice',
      '/api/v1/orders:user:bob',
    ]);
    expect(ttls.every((ttl) => ttl !== undefined && ttl > 0 && ttl <= 60_000)).toBe(true);
  });
});
