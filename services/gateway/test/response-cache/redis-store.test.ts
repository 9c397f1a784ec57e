import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '@erp/kit';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN, type CacheUpstream, type CachingGateway, send, startCacheUpstream, startCachingGateway, tokenFor, VIEWER } from './helpers.js';

const redisUrl = inject('redisUrl');
let database: TestDatabase;
let upstream: CacheUpstream;
let clients: RedisClient[] = [];
let gateways: CachingGateway[] = [];
const tenant = randomUUID();

async function connected(name: string): Promise<RedisClient> {
  const client = connectRedis(redisUrl, { name });
  await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

beforeAll(async () => {
  if (!redisUrl) return;
  database = await createTestDatabase(inject('adminUrl'));
  upstream = await startCacheUpstream();
  // Two gateway processes in all but name: each has its own Redis connection.
  clients = await Promise.all([connected('gateway-a'), connected('gateway-b')]);
  gateways = await Promise.all(clients.map((redis) => startCachingGateway({ adminUrl: database.adminUrl, upstreamUrl: upstream.url, redis })));
});
afterAll(async () => {
  if (!redisUrl) return;
  await Promise.all(gateways.map((gateway) => gateway.close()));
  const keys = [
    ...((await clients[0]?.keys(`erp:cache:gateway-responses:${tenant}:*`)) ?? []),
    ...((await clients[0]?.keys(`erp:gateway:cache-generation:${tenant}:*`)) ?? []),
  ];
  if (keys.length > 0) await clients[0]?.del(...keys);
  await Promise.all(clients.map((client) => client.quit()));
  await upstream.close();
  await database.drop();
});

describe.runIf(Boolean(redisUrl))('the response cache shared by two gateways through Redis', () => {
  it('should answer on one instance from the entry the other stored, and give every key a TTL', async () => {
    const [a, b] = gateways as [CachingGateway, CachingGateway];
    const viewer = await tokenFor(tenant, VIEWER);

    const stored = await send(a, '/api/v1/products/p-1', viewer);
    const served = await send(b, '/api/v1/products/p-1', viewer);
    await send(a, '/api/v1/products/p-1', await tokenFor(tenant, ADMIN), { method: 'PUT' });
    const keys = [
      ...((await clients[0]?.keys(`erp:cache:gateway-responses:${tenant}:*`)) ?? []),
      ...((await clients[0]?.keys(`erp:gateway:cache-generation:${tenant}:*`)) ?? []),
    ];
    const ttls = await Promise.all(keys.map((key) => clients[0]?.pttl(key)));

    expect(served.headers.get('cache-status')).toMatch(/^gateway; hit/);
    expect(served.body?.served).toBe(stored.body?.served);
    expect(keys).toHaveLength(2);
    expect(ttls.every((ttl) => ttl !== undefined && ttl > 0)).toBe(true);
  });

  it("should purge both instances' reads when one of them forwards a write", async () => {
    const [a, b] = gateways as [CachingGateway, CachingGateway];
    const [viewer, admin] = await Promise.all([tokenFor(tenant, VIEWER), tokenFor(tenant, ADMIN)]);
    const before = await send(b, '/api/v1/customers/c-1', viewer);

    await send(a, '/api/v1/customers/c-1', admin, { method: 'POST' });
    const after = await send(b, '/api/v1/customers/c-1', viewer);

    expect(after.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(after.body?.served).toBeGreaterThan(before.body?.served ?? 0);
  });

  it('should forward without the cache, and still write, while Redis cannot be reached', async () => {
    const unreachable = connectRedis(`redis://127.0.0.1:${await freePort()}`, { name: 'gateway-unreachable', connectTimeoutMs: 200 });
    const gateway = await startCachingGateway({ adminUrl: database.adminUrl, upstreamUrl: upstream.url, redis: unreachable });
    const [viewer, admin] = await Promise.all([tokenFor(tenant, VIEWER), tokenFor(tenant, ADMIN)]);

    const read = await send(gateway, '/api/v1/products/p-2', viewer);
    const write = await send(gateway, '/api/v1/products/p-2', admin, { method: 'PATCH' });
    await gateway.close();
    unreachable.disconnect();

    expect(read.status).toBe(200);
    expect(read.headers.get('cache-status')).toBe('gateway; fwd=bypass; detail=store-unavailable');
    expect(write.status).toBe(201);
  });
});
