import { setTimeout as sleep } from 'node:timers/promises';
import { HealthDocument } from '@erp/contracts';
import { connectRedis, createService, type RedisClient, redisHealthCheck } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { Value } from 'typebox/value';
import { describe, expect, inject, it } from 'vitest';
import { testConfig } from '../helpers.js';

async function ready(redis: RedisClient): Promise<RedisClient> {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

describe('redisHealthCheck', () => {
  it.runIf(Boolean(inject('redisUrl')))('should pass with the PING latency when Redis answers', async () => {
    const redis = await ready(connectRedis(inject('redisUrl'), { name: 'health-test' }));

    const result = await redisHealthCheck(redis).run();

    expect(result.status).toBe('pass');
    expect(result.latency_ms).toBeGreaterThan(0);
    await redis.quit();
  });

  it('should fail at once with the connection state when Redis is unreachable', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, { name: 'health-test' });
    await sleep(100);

    const started = Date.now();
    const result = await redisHealthCheck(redis).run();

    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not connected/) });
    expect(Date.now() - started).toBeLessThan(100);
    redis.disconnect();
  });

  it('should turn /health into a warning, not a failure, when a non-critical Redis is down', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, { name: 'health-test' });
    const app = await createService({ name: 'kit-test', version: '0.0.1', config: testConfig, checks: { redis: redisHealthCheck(redis) } });

    const response = await app.inject({ method: 'GET', url: '/health' });

    expect([...Value.Errors(HealthDocument, response.json())]).toEqual([]);
    expect(response.json().checks.redis.status).toBe('fail');
    await app.close();
    redis.disconnect();
  });
});

describe('connectRedis', () => {
  it('should report the first error of an outage once instead of once per reconnect attempt', async () => {
    const errors: Error[] = [];
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, { name: 'outage-test', onError: (error) => errors.push(error) });

    await sleep(800);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
    redis.disconnect();
  });
});
