import { connectRedis, createPostgresPubSub, createPubSub, createRedisPubSub, type RedisClient } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { describePubSubContract } from './pubsub-contract.js';

describe('PostgreSQL pub/sub', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(inject('adminUrl'));
  });
  afterAll(() => database.drop());

  describePubSubContract(() => ({ create: (onError) => createPostgresPubSub({ databaseUrl: database.adminUrl, onError }) }));

  it('should choose PostgreSQL in createPubSub when no Redis client is given', async () => {
    const pubsub = createPubSub({ databaseUrl: database.adminUrl });

    expect(pubsub.kind).toBe('postgres');
    await pubsub.close();
  });
});

describe.runIf(Boolean(inject('redisUrl')))('Redis pub/sub', () => {
  let redis: RedisClient;
  // A prefix per run keeps parallel test runs on the same Redis from hearing each other.
  const channelPrefix = `erp-test:${process.pid}:${Date.now()}:`;
  beforeAll(() => {
    redis = connectRedis(inject('redisUrl'), { name: 'pubsub-test' });
  });
  afterAll(() => redis.quit());

  describePubSubContract(() => ({ create: (onError) => createRedisPubSub({ redis, channelPrefix, onError }) }));

  it('should subscribe again and deliver after the subscriber connection was killed', async () => {
    const subscriber = createRedisPubSub({ redis, channelPrefix });
    const received: unknown[] = [];
    await subscriber.subscribe('after-kill', (message) => void received.push(message));
    const clients = String(await redis.client('LIST')).split('\n');
    const ids = clients.filter((line) => line.includes('name=erp-pubsub-test ') && !line.includes(' sub=0 ')).map((line) => /\bid=(\d+)/.exec(line)?.[1]);

    for (const id of ids) await redis.client('KILL', 'ID', String(id));
    await vi.waitFor(
      async () => {
        await redis.publish(`${channelPrefix}after-kill`, JSON.stringify('back'));
        expect(received).toContain('back');
      },
      { timeout: 5000, interval: 100 },
    );

    expect(ids).toHaveLength(1);
    await subscriber.close();
  });

  it('should choose Redis in createPubSub when a client is given', async () => {
    const pubsub = createPubSub({ redis, databaseUrl: 'postgres://unused@127.0.0.1:1/none' });

    expect(pubsub.kind).toBe('redis');
    await pubsub.close();
  });
});
