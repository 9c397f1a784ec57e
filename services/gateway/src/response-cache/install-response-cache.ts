import { type Cache, createCache, type EventTransport, type PubSub, type RedisClient } from '@erp/kit';
import type { FastifyInstance } from 'fastify';
import { installResponseCacheHooks } from '../routes/response-cache.js';
import type { ResponseCacheConfig } from './config.js';
import { createMemoryGenerations } from './generations.js';
import { installCacheMetrics } from './metrics.js';
import { subscribePurgeEvents } from './purge-events.js';
import { createPurger } from './purger.js';
import { createRedisGenerations } from './redis-generations.js';
import { noGuard, redisGuard } from './redis-guard.js';

export interface ResponseCacheDeps {
  config: ResponseCacheConfig;
  /** With Redis, entries and generations are shared by every gateway instance. */
  redis?: RedisClient | undefined;
  /** Without Redis, carries purges to the other instances (PostgreSQL LISTEN/NOTIFY). */
  pubsub?: PubSub | undefined;
  /** Where the purge events arrive; without it only writes through the gateway and expiry purge. */
  events?: Pick<EventTransport, 'subscribe'> | undefined;
}

/**
 * The response cache: Redis when the gateway has it, the kit's in-process LRU otherwise, purged by domain
 * events and by writes through the gateway. Nothing is installed when `RESPONSE_CACHE_ROUTES` is `off`.
 * Resolves once the purge events are subscribed, so that no event published afterwards is missed.
 */
export async function installResponseCache(app: FastifyInstance, deps: ResponseCacheDeps): Promise<void> {
  const { config, redis } = deps;
  if (!config.responseCacheRules.some((rule) => rule.ttlS > 0)) return;
  const metrics = installCacheMetrics(app);
  const entries: Cache = createCache({
    namespace: 'gateway-responses',
    redis,
    maxBytes: config.responseCacheMemoryMaxBytes,
    maxEntries: config.responseCacheMemoryMaxEntries,
  });
  const generations = redis ? createRedisGenerations({ redis }) : createMemoryGenerations();
  const purger = await createPurger({
    generations,
    pubsub: deps.pubsub,
    onPurge: metrics.purged,
    onError: (error, message) => app.log.warn({ err: error }, message),
  });
  app.addHook('onClose', () => purger.close());
  if (deps.events) {
    await subscribePurgeEvents({
      transport: deps.events,
      events: config.responseCacheEvents,
      purger,
      onIgnored: (event, reason) => app.log.warn({ event_id: event.id, event_type: event.type }, `purge event ignored: ${reason}`),
    });
  }
  installResponseCacheHooks(app, {
    rules: config.responseCacheRules,
    entries,
    generations,
    purger,
    metrics,
    maxBodyBytes: config.responseCacheMaxBodyBytes,
    guard: redis ? redisGuard(redis, config.responseCacheRedisTimeoutMs) : noGuard,
  });
}
