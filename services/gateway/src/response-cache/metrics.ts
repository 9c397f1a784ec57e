import type { FastifyInstance } from 'fastify';
import { Counter, Registry } from 'prom-client';
import type { NotStoredReason } from '../domain/cache-control.js';
import type { PurgeSource } from './purger.js';

/** What the cache did for one request: served it, forwarded it for one of these reasons, or was not asked. */
export type CacheOutcome = 'hit' | 'miss' | 'revalidate' | 'bypass';

export interface CacheMetrics {
  request(outcome: CacheOutcome): void;
  notStored(reason: NotStoredReason): void;
  stored(): void;
  purged(source: PurgeSource): void;
}

/**
 * The cache's counters, in a registry of their own that is appended to the kit's `GET /metrics` (the kit
 * keeps its registry to itself). The label sets are fixed and small.
 */
export function installCacheMetrics(app: FastifyInstance): CacheMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'gateway' });
  const requests = new Counter({
    name: 'gateway_response_cache_requests_total',
    help: 'Requests to cached routes by cache outcome: hit, miss, revalidate (client asked for a fresh copy) or bypass',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const stores = new Counter({ name: 'gateway_response_cache_stored_total', help: 'Responses stored in the response cache', registers: [registry] });
  const skipped = new Counter({
    name: 'gateway_response_cache_not_stored_total',
    help: 'Responses to cache misses that were not stored, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const purges = new Counter({
    name: 'gateway_response_cache_purges_total',
    help: 'Purges of a tenant tag: by a domain event, by a write through the gateway, or broadcast by another instance',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.routeOptions.url !== '/metrics' || typeof payload !== 'string') return payload;
    return `${payload}${payload.endsWith('\n') ? '' : '\n'}${await registry.metrics()}`;
  });
  return {
    request: (outcome) => requests.inc({ outcome }),
    notStored: (reason) => skipped.inc({ reason }),
    stored: () => stores.inc(),
    purged: (source) => purges.inc({ source }),
  };
}
