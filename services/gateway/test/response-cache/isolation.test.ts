import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN, type CacheUpstream, type CachingGateway, send, startCacheUpstream, startCachingGateway, tokenFor, VIEWER } from './helpers.js';

const redisUrl = inject('redisUrl');
const STORES = redisUrl ? (['memory', 'redis'] as const) : (['memory'] as const);

let database: TestDatabase;
let upstream: CacheUpstream;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  upstream = await startCacheUpstream();
});
afterAll(async () => {
  await upstream.close();
  await database.drop();
});

describe.each(STORES)('the response cache with the %s store', (store) => {
  let gateway: CachingGateway;
  let redis: RedisClient | undefined;
  // Tenants of their own, so that runs sharing one Redis never meet each other's entries.
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    redis = store === 'redis' ? connectRedis(redisUrl, { name: 'gateway-cache-test' }) : undefined;
    gateway = await startCachingGateway({ adminUrl: database.adminUrl, upstreamUrl: upstream.url, redis });
  });
  afterAll(async () => {
    await gateway.close();
    await redis?.quit();
  });

  it('should never serve tenant A its cached answer to tenant B, nor the other way round', async () => {
    const [tokenA, tokenB] = await Promise.all([tokenFor(tenantA), tokenFor(tenantB)]);

    const a1 = await send(gateway, '/api/v1/products/shared', tokenA);
    const b1 = await send(gateway, '/api/v1/products/shared', tokenB);
    const a2 = await send(gateway, '/api/v1/products/shared', tokenA);
    const b2 = await send(gateway, '/api/v1/products/shared', tokenB);

    expect(b1.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect([a1.body?.tenant, a2.body?.tenant]).toEqual([tenantA, tenantA]);
    expect([b1.body?.tenant, b2.body?.tenant]).toEqual([tenantB, tenantB]);
    expect(a2.body?.served).toBe(a1.body?.served);
    expect(b2.body?.served).toBe(b1.body?.served);
  });

  it("should keep a viewer's entry from an admin of the same tenant, and the admin's from the viewer", async () => {
    const [viewer, admin] = await Promise.all([tokenFor(tenantA, VIEWER), tokenFor(tenantA, ADMIN)]);

    const viewerFirst = await send(gateway, '/api/v1/customers/roles', viewer);
    const adminFirst = await send(gateway, '/api/v1/customers/roles', admin);
    const viewerAgain = await send(gateway, '/api/v1/customers/roles', viewer);
    const adminAgain = await send(gateway, '/api/v1/customers/roles', admin);

    expect(adminFirst.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(adminFirst.body?.served).not.toBe(viewerFirst.body?.served);
    expect(viewerAgain.body?.served).toBe(viewerFirst.body?.served);
    expect(adminAgain.body?.served).toBe(adminFirst.body?.served);
  });

  it('should share an entry between two users whose permissions are the same set in another order', async () => {
    const [first, reordered] = await Promise.all([tokenFor(tenantA, VIEWER), tokenFor(tenantA, [...VIEWER].reverse())]);

    const answer = await send(gateway, '/api/v1/customers/same-set', first);
    const shared = await send(gateway, '/api/v1/customers/same-set', reordered);

    expect(shared.headers.get('cache-status')).toMatch(/^gateway; hit/);
    expect(shared.body?.served).toBe(answer.body?.served);
  });

  it("should purge the tenant's entries of a path's tags on a successful write through the gateway, and no other tenant's", async () => {
    const [adminA, viewerA, viewerB] = await Promise.all([tokenFor(tenantA, ADMIN), tokenFor(tenantA, VIEWER), tokenFor(tenantB, VIEWER)]);
    await send(gateway, '/api/v1/products?limit=10', viewerA);
    const otherTenant = await send(gateway, '/api/v1/products?limit=10', viewerB);
    const otherTag = await send(gateway, '/api/v1/customers/untouched', viewerA);

    const write = await send(gateway, '/api/v1/products/p-9', adminA, { method: 'PATCH' });
    const afterWrite = await send(gateway, '/api/v1/products?limit=10', viewerA);

    expect(write.status).toBe(201);
    expect(afterWrite.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect((await send(gateway, '/api/v1/products?limit=10', viewerB)).body?.served).toBe(otherTenant.body?.served);
    expect((await send(gateway, '/api/v1/customers/untouched', viewerA)).body?.served).toBe(otherTag.body?.served);
  });

  it('should purge nothing when the write fails', async () => {
    const [admin, viewer] = await Promise.all([tokenFor(tenantB, ADMIN), tokenFor(tenantB, VIEWER)]);
    upstream.answers.set('/api/v1/products/refused', { status: 409 });
    const cached = await send(gateway, '/api/v1/products/kept', viewer);

    const write = await send(gateway, '/api/v1/products/refused', admin, { method: 'DELETE' });
    const after = await send(gateway, '/api/v1/products/kept', viewer);

    expect(write.status).toBe(409);
    expect(after.body?.served).toBe(cached.body?.served);
  });
});
