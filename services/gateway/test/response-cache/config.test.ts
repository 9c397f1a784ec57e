import { parseEnv } from '@erp/kit';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { responseCacheEnvProperties, toResponseCacheConfig } from '../../src/response-cache/config.js';

const Env = Type.Object(responseCacheEnvProperties);

describe('the response-cache environment', () => {
  it('should default to product and customer reads for 30 s, purged by their events, bodies up to 256 KiB', () => {
    const config = toResponseCacheConfig(parseEnv(Env, {}));

    expect(config.responseCacheRules.map((rule) => rule.prefix)).toEqual(['/api/v1/products', '/api/v1/customers']);
    expect(config.responseCacheEvents.map((event) => event.type)).toContain('erp.core.product.updated.v1');
    expect(config).toMatchObject({ responseCacheMaxBodyBytes: 262_144, responseCacheRedisTimeoutMs: 200, responseCacheMemoryMaxEntries: 10_000 });
  });

  it('should switch caching and purge events off', () => {
    const config = toResponseCacheConfig(parseEnv(Env, { RESPONSE_CACHE_ROUTES: 'off', RESPONSE_CACHE_EVENTS: 'off' }));

    expect(config.responseCacheRules).toEqual([]);
    expect(config.responseCacheEvents).toEqual([]);
  });

  it('should be part of the gateway configuration', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', RESPONSE_CACHE_ROUTES: '/api/v1/search=5' });

    expect(config.responseCacheRules).toEqual([{ prefix: '/api/v1/search', ttlS: 5, tags: [] }]);
  });

  it.each([
    [
      { RESPONSE_CACHE_ROUTES: '/api/v1/products=forever' },
      /^Invalid environment: RESPONSE_CACHE_ROUTES=\/api\/v1\/products=forever \(RESPONSE_CACHE_ROUTES: "forever" is not a time to live/,
    ],
    [{ RESPONSE_CACHE_ROUTES: '[{"prefix":"/a"}' }, /^Invalid environment: RESPONSE_CACHE_ROUTES=.*\(RESPONSE_CACHE_ROUTES: is not valid JSON\)/],
    [
      { RESPONSE_CACHE_EVENTS: 'product.updated' },
      /^Invalid environment: RESPONSE_CACHE_EVENTS=product.updated \(RESPONSE_CACHE_EVENTS: "product.updated" is not an event type/,
    ],
    [{ RESPONSE_CACHE_MAX_BODY_BYTES: '0' }, /^Invalid environment: RESPONSE_CACHE_MAX_BODY_BYTES=0 /],
    [{ RESPONSE_CACHE_REDIS_TIMEOUT_MS: 'soon' }, /^Invalid environment: RESPONSE_CACHE_REDIS_TIMEOUT_MS=soon /],
  ])('should refuse %o with one line naming the variable', (env, message) => {
    expect(() => parseEnv(Env, env)).toThrow(message);
  });
});
