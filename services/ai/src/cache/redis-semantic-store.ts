import type { RedisClient } from '@erp/kit';
import { ENTRIES_PER_SCOPE_MAX, type SemanticEntry, type SemanticStore } from './semantic-store.js';

interface StoredEntry {
  /** The vector as little-endian float32, base64: a quarter of its JSON size. */
  readonly v: string;
  readonly g: readonly string[];
  readonly r: unknown;
  readonly d: string;
  readonly e: number;
}

const toBase64 = (vector: readonly number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64');
function fromBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return [...new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4))];
}

/**
 * The semantic store in Redis, shared by every instance: one list per scope, newest first, trimmed to
 * {@link ENTRIES_PER_SCOPE_MAX}, expiring with its newest entry; each entry also carries its own expiry.
 */
export function createRedisSemanticStore(redis: RedisClient, prefix = 'erp:ai:semantic:'): SemanticStore {
  return {
    kind: 'redis',
    async entries(scope, nowMs) {
      const listed = await redis.lrange(prefix + scope, 0, ENTRIES_PER_SCOPE_MAX - 1);
      return listed.flatMap((text): SemanticEntry[] => {
        const stored = JSON.parse(text) as StoredEntry;
        if (stored.e <= nowMs) return [];
        return [{ vector: fromBase64(stored.v), guard: stored.g, result: stored.r, deploymentName: stored.d, expiresAtMs: stored.e }];
      });
    },
    async add(scope, entry, ttlMs) {
      const key = prefix + scope;
      const stored: StoredEntry = { v: toBase64(entry.vector), g: entry.guard, r: entry.result, d: entry.deploymentName, e: entry.expiresAtMs };
      await redis
        .multi()
        .lpush(key, JSON.stringify(stored))
        .ltrim(key, 0, ENTRIES_PER_SCOPE_MAX - 1)
        .pexpire(key, ttlMs)
        .exec();
    },
  };
}
