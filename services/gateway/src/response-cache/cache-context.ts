import type { Cache } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import type { CacheRule } from '../domain/cache-rules.js';
import type { GenerationStore } from './generations.js';
import type { CacheMetrics } from './metrics.js';
import type { Purger } from './purger.js';

export interface ResponseCacheHooksOptions {
  /** Most specific first, as `parseCacheRules` returns them. */
  rules: readonly CacheRule[];
  entries: Cache;
  generations: GenerationStore;
  purger: Purger;
  metrics: CacheMetrics;
  maxBodyBytes: number;
  /** Wraps every store call: a time limit and the Redis connection state, or nothing in process. */
  guard<Value>(call: () => Promise<Value>): Promise<Value>;
  now?: () => number;
}

/** A GET being forwarded on a cache miss: what storing its response needs. */
export interface ForwardedRead {
  key: string;
  rule: CacheRule;
  /** The tags' generations read before forwarding: a purge meanwhile makes the stored answer stale at once. */
  generations: string[];
  cacheStatus: string;
}

/** What the hooks share: the options, the requests in flight, and whether the store is failing. */
export interface CacheContext extends ResponseCacheHooksOptions {
  now(): number;
  readonly forwarded: WeakMap<FastifyRequest, ForwardedRead>;
  readonly writes: WeakMap<FastifyRequest, { tenantId: string; tags: string[] }>;
  /** Logs the first failure of an outage, and the recovery after it. */
  storeFailed(request: FastifyRequest, error: unknown): void;
  storeAnswered(request: FastifyRequest): void;
}

export function createCacheContext(options: ResponseCacheHooksOptions): CacheContext {
  let failing = false;
  return {
    ...options,
    now: options.now ?? Date.now,
    forwarded: new WeakMap(),
    writes: new WeakMap(),
    storeFailed(request, error) {
      if (!failing) request.log.warn({ err: error }, 'response cache store unavailable; forwarding without the cache until it answers again');
      failing = true;
    },
    storeAnswered(request) {
      if (failing) request.log.info('response cache store available again');
      failing = false;
    },
  };
}
