import type { RedisClient } from '@erp/kit';
import { GENERATION_TTL_MS, type GenerationStore, newGeneration } from './generations.js';

/**
 * Generations in Redis, shared by every gateway instance: a purge made by the one instance that received an
 * event (one durable queue per service) or a write applies to all at once. Each key expires
 * {@link GENERATION_TTL_MS} after its last bump.
 */
export function createRedisGenerations(options: { redis: RedisClient; keyPrefix?: string }): GenerationStore {
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? 'erp:gateway:cache-generation:';
  const key = (tenantId: string, tag: string) => `${keyPrefix}${tenantId}:${tag}`;
  return {
    shared: true,
    async read(tenantId, tags) {
      if (tags.length === 0) return [];
      const values = await redis.mget(...tags.map((tag) => key(tenantId, tag)));
      return values.map((value) => value ?? '0');
    },
    async bump(tenantId, tags) {
      if (tags.length === 0) return;
      const transaction = redis.multi();
      for (const tag of tags) transaction.set(key(tenantId, tag), newGeneration(), 'PX', GENERATION_TTL_MS);
      const results = (await transaction.exec()) ?? [];
      const failure = results.find(([error]) => error);
      if (failure?.[0]) throw failure[0];
    },
  };
}
