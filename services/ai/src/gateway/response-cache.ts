import { createHash } from 'node:crypto';
import type { Cache } from '@erp/kit';
import { canonicalJson } from '../domain/canonical-request.js';

/** What the exact cache keeps of an answer: enough to answer again, and which deployment gave it. */
export interface CachedAnswer<Result> {
  readonly result: Result;
  readonly deploymentName: string;
}

export interface ResponseCache {
  /** The key of a request, scoped by tenant: `<tenant>:<sha-256 of the canonical request>`. */
  keyOf(tenantId: string, request: unknown): string;
  get<Result>(key: string): Promise<CachedAnswer<Result> | undefined>;
  set<Result>(key: string, answer: CachedAnswer<Result>, ttlS: number): Promise<void>;
}

/**
 * The exact cache over the kit's cache (Redis with REDIS_URL, in-process otherwise). The tenant leads every
 * key, so no request can meet another tenant's answer. A failing cache never fails a request: a read error
 * counts as a miss and a write error is reported and dropped.
 */
export function createResponseCache(cache: Cache, onError: (error: unknown) => void): ResponseCache {
  return {
    keyOf: (tenantId, request) => `answer:${tenantId}:${createHash('sha256').update(canonicalJson(request)).digest('base64url')}`,
    async get<Result>(key: string) {
      try {
        return await cache.get<CachedAnswer<Result>>(key);
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    async set(key, answer, ttlS) {
      try {
        await cache.set(key, answer, { ttlMs: ttlS * 1000 });
      } catch (error) {
        onError(error);
      }
    },
  };
}
