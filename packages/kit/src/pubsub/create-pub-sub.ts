import type { Redis } from 'ioredis';
import { createPostgresPubSub } from './postgres-pub-sub.js';
import type { PubSub } from './pub-sub.js';
import { createRedisPubSub } from './redis-pub-sub.js';
import type { PubSubErrorHandler } from './subscriptions.js';

/** Options of {@link createPubSub}. */
export interface CreatePubSubOptions {
  /** A Redis client (see `connectRedis`); when given, messages go over Redis. */
  redis?: Redis | undefined;
  /** Used without Redis: the connection URL for LISTEN/NOTIFY, best the service's runtime role. */
  databaseUrl: string;
  /** Reports failures that have no caller: a throwing handler, a payload that is not JSON, a lost connection. */
  onError?: PubSubErrorHandler;
}

/**
 * The pub/sub the environment calls for: Redis when a client is given (`REDIS_URL` set), PostgreSQL
 * LISTEN/NOTIFY otherwise. Both behave the same; see {@link PubSub}.
 *
 * ### Example
 * ```ts
 * const pubsub = createPubSub({ redis, databaseUrl: runtimeUrl(config.databaseUrl, db.roles),
 *   onError: (error, channel) => app.log.warn({ err: error, channel }, 'pub/sub failure') });
 * ```
 */
export function createPubSub(options: CreatePubSubOptions): PubSub {
  if (options.redis) return createRedisPubSub({ redis: options.redis, onError: options.onError });
  return createPostgresPubSub({ databaseUrl: options.databaseUrl, onError: options.onError });
}
