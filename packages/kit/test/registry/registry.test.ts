import { connectRedis, createPostgresRegistry, createRedisRegistry, createServiceRegistry, type RedisClient } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeRegistryContract, type RegistryFixture } from './registry-contract.js';

describe('PostgreSQL registry', () => {
  let database: TestDatabase;
  let admin: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase(inject('adminUrl'));
    admin = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
  });
  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  describeRegistryContract(
    (): RegistryFixture => ({
      name: 'postgres',
      create: (service, timing) => createPostgresRegistry({ service, adminUrl: database.adminUrl, ...timing }),
      erase: async (service, instanceId) => {
        await admin.query('delete from erp_registry.instance where service = $1 and instance_id = $2', [service, instanceId]);
      },
    }),
  );
});

describe.runIf(Boolean(inject('redisUrl')))('Redis registry', () => {
  let redis: RedisClient;
  const keyPrefix = `erp-test:${process.pid}:${Date.now()}:registry`;
  beforeAll(() => {
    redis = connectRedis(inject('redisUrl'), { name: 'registry-test' });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  describeRegistryContract(
    (): RegistryFixture => ({
      name: 'redis',
      create: async (service, timing) => createRedisRegistry({ service, redis, keyPrefix, ...timing }),
      erase: async (service, instanceId) => {
        await redis.del(`${keyPrefix}:instance:${service}:${instanceId}`);
      },
    }),
  );
});

describe.runIf(Boolean(inject('redisUrl')))('createServiceRegistry', () => {
  it('should choose Redis when a Redis client is given', async () => {
    const redis = connectRedis(inject('redisUrl'), { name: 'registry-test' });

    const registry = await createServiceRegistry({ service: 'core', adminUrl: 'postgres://unused@127.0.0.1:1/none', redis });

    expect(registry.kind).toBe('redis');
    await registry.close();
    await redis.quit();
  });
});
