/** One cached answer of the semantic cache, with the question it answered. */
export interface SemanticEntry<Result = unknown> {
  readonly vector: readonly number[];
  readonly guard: readonly string[];
  readonly result: Result;
  readonly deploymentName: string;
  readonly expiresAtMs: number;
}

/**
 * Where semantic entries live: per scope (tenant, task, route, prompt version, ledger generation, context and
 * embedding model) a short list, newest first, that a lookup compares in full. Redis with REDIS_URL, shared by
 * every instance; otherwise this process's memory, bounded.
 */
export interface SemanticStore {
  readonly kind: 'redis' | 'memory';
  /** The scope's unexpired entries, newest first. */
  entries(scope: string, nowMs: number): Promise<SemanticEntry[]>;
  add(scope: string, entry: SemanticEntry, ttlMs: number): Promise<void>;
}

/** Entries kept per scope: a lookup compares each, so the list must stay short (256 × 256 dimensions ≈ 0.1 ms). */
export const ENTRIES_PER_SCOPE_MAX = 256;
