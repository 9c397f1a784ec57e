import { randomBytes } from 'node:crypto';
import { CACHE_TTL_S_MAX } from '../domain/cache-rules.js';

/**
 * The current generation of each cache tag of a tenant. Every stored entry records the generations of its
 * tags; bumping one makes every entry stored under the old value count as absent, which purges all of a
 * tenant's entries of a tag in one step, without finding them.
 */
export interface GenerationStore {
  /** True when every gateway instance sees the same generations (Redis); otherwise bumps must be broadcast. */
  readonly shared: boolean;
  /** The generations of `tags`, in order; `0` for a tag never bumped (or bumped longer ago than {@link GENERATION_TTL_MS}). */
  read(tenantId: string, tags: readonly string[]): Promise<string[]>;
  bump(tenantId: string, tags: readonly string[]): Promise<void>;
}

/**
 * How long a generation is kept after its last bump. A bump sets a value never used before, so an old
 * value can only come back as `0` once the generation has expired; keeping it twice as long as the longest
 * time to live means every entry stored under the earlier `0` has expired by then.
 */
export const GENERATION_TTL_MS = 2 * CACHE_TTL_S_MAX * 1000;

/** A generation value no bump has used before, in any process. */
export function newGeneration(): string {
  return randomBytes(9).toString('base64url');
}

/** Generations in this process's memory, for a gateway without Redis; expired ones are swept on bumps. */
export function createMemoryGenerations(options: { now?: () => number } = {}): GenerationStore & { size(): number } {
  const now = options.now ?? Date.now;
  const generations = new Map<string, { value: string; expiresAtMs: number }>();
  let bumps = 0;
  const key = (tenantId: string, tag: string) => `${tenantId}\n${tag}`;
  const sweep = (nowMs: number) => {
    for (const [name, generation] of generations) if (generation.expiresAtMs <= nowMs) generations.delete(name);
  };
  return {
    shared: false,
    async read(tenantId, tags) {
      const nowMs = now();
      return tags.map((tag) => {
        const generation = generations.get(key(tenantId, tag));
        return generation && generation.expiresAtMs > nowMs ? generation.value : '0';
      });
    },
    async bump(tenantId, tags) {
      const nowMs = now();
      bumps += 1;
      if (bumps % 1000 === 0) sweep(nowMs);
      for (const tag of tags) generations.set(key(tenantId, tag), { value: newGeneration(), expiresAtMs: nowMs + GENERATION_TTL_MS });
    },
    size: () => generations.size,
  };
}
