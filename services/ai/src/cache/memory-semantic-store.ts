import { ENTRIES_PER_SCOPE_MAX, type SemanticEntry, type SemanticStore } from './semantic-store.js';

/**
 * The semantic store in this process: scopes in least-recently-used order, at most `entriesMax` entries in
 * all (the oldest entry of the least recently used scope goes first), each entry until its expiry.
 */
export function createMemorySemanticStore(options: { entriesMax: number }): SemanticStore {
  const scopes = new Map<string, SemanticEntry[]>();
  let total = 0;

  const touch = (scope: string, nowMs: number): SemanticEntry[] => {
    const listed = scopes.get(scope) ?? [];
    const live = listed.filter((entry) => entry.expiresAtMs > nowMs);
    total -= listed.length - live.length;
    scopes.delete(scope);
    if (live.length > 0) scopes.set(scope, live);
    return live;
  };
  const evict = () => {
    while (total > options.entriesMax) {
      const [oldestScope, entries] = scopes.entries().next().value as [string, SemanticEntry[]];
      entries.pop();
      total -= 1;
      if (entries.length === 0) scopes.delete(oldestScope);
    }
  };

  return {
    kind: 'memory',
    async entries(scope, nowMs) {
      return [...touch(scope, nowMs)];
    },
    async add(scope, entry) {
      const live = touch(scope, Date.now());
      const next = [entry, ...live].slice(0, ENTRIES_PER_SCOPE_MAX);
      total += next.length - live.length;
      scopes.set(scope, next);
      evict();
    },
  };
}
