import Type from 'typebox';
import { type CachePurgeEvent, DEFAULT_CACHE_EVENTS, parseCacheEvents } from '../domain/cache-events.js';
import { type CacheRule, DEFAULT_CACHE_ROUTES, parseCacheRules } from '../domain/cache-rules.js';

/** The gateway's response-cache variables; spread into the `Type.Object` of config.ts. */
export const responseCacheEnvProperties = {
  RESPONSE_CACHE_ROUTES: Type.Refine(
    Type.String({ default: DEFAULT_CACHE_ROUTES, description: 'Cached GET routes: <prefix>=<ttl>:<tag>,... separated by ";", JSON, or off; see the README.' }),
    (text: string) => parseCacheRules(text).error === undefined,
    (text: string) => `RESPONSE_CACHE_ROUTES: ${parseCacheRules(text).error ?? 'invalid'}`,
  ),
  RESPONSE_CACHE_EVENTS: Type.Refine(
    Type.String({ default: DEFAULT_CACHE_EVENTS, description: 'Event types that purge cached reads: <type>[=<tag>,...] separated by ";", or off.' }),
    (text: string) => parseCacheEvents(text).error === undefined,
    (text: string) => `RESPONSE_CACHE_EVENTS: ${parseCacheEvents(text).error ?? 'invalid'}`,
  ),
  RESPONSE_CACHE_MAX_BODY_BYTES: Type.Integer({ default: 262_144, minimum: 1, maximum: 8_388_608 }),
  RESPONSE_CACHE_MEMORY_MAX_BYTES: Type.Integer({ default: 67_108_864, minimum: 1_048_576 }),
  RESPONSE_CACHE_MEMORY_MAX_ENTRIES: Type.Integer({ default: 10_000, minimum: 1 }),
  RESPONSE_CACHE_REDIS_TIMEOUT_MS: Type.Integer({ default: 200, minimum: 10, maximum: 5000 }),
};

export interface ResponseCacheConfig {
  /** Most specific first; empty when caching is off. */
  readonly responseCacheRules: readonly CacheRule[];
  /** The events consumed to purge cached reads, with the tags each purges. */
  readonly responseCacheEvents: readonly CachePurgeEvent[];
  /** A larger response body is passed through without being stored. */
  readonly responseCacheMaxBodyBytes: number;
  /** Bounds of the in-process store, used without Redis. */
  readonly responseCacheMemoryMaxBytes: number;
  readonly responseCacheMemoryMaxEntries: number;
  /** How long a request waits for the Redis store before it is forwarded without the cache. */
  readonly responseCacheRedisTimeoutMs: number;
}

type ParsedResponseCacheEnv = {
  RESPONSE_CACHE_ROUTES: string;
  RESPONSE_CACHE_EVENTS: string;
  RESPONSE_CACHE_MAX_BODY_BYTES: number;
  RESPONSE_CACHE_MEMORY_MAX_BYTES: number;
  RESPONSE_CACHE_MEMORY_MAX_ENTRIES: number;
  RESPONSE_CACHE_REDIS_TIMEOUT_MS: number;
};

/** Maps the parsed variables of {@link responseCacheEnvProperties}; parseEnv has already refused invalid lists. */
export function toResponseCacheConfig(parsed: ParsedResponseCacheEnv): ResponseCacheConfig {
  const routes = parseCacheRules(parsed.RESPONSE_CACHE_ROUTES);
  if (routes.error !== undefined) throw new Error(`RESPONSE_CACHE_ROUTES: ${routes.error}`);
  const events = parseCacheEvents(parsed.RESPONSE_CACHE_EVENTS);
  if (events.error !== undefined) throw new Error(`RESPONSE_CACHE_EVENTS: ${events.error}`);
  return {
    responseCacheRules: Object.freeze(routes.rules),
    responseCacheEvents: Object.freeze(events.events),
    responseCacheMaxBodyBytes: parsed.RESPONSE_CACHE_MAX_BODY_BYTES,
    responseCacheMemoryMaxBytes: parsed.RESPONSE_CACHE_MEMORY_MAX_BYTES,
    responseCacheMemoryMaxEntries: parsed.RESPONSE_CACHE_MEMORY_MAX_ENTRIES,
    responseCacheRedisTimeoutMs: parsed.RESPONSE_CACHE_REDIS_TIMEOUT_MS,
  };
}
