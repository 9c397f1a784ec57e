import { bestMatch, type QuestionKey } from './semantic-match.js';
import type { SemanticEntry, SemanticStore } from './semantic-store.js';

/** A question ready for the semantic cache: its scope (see {@link SemanticStore}) and its key. */
export interface SemanticQuestion {
  readonly scope: string;
  readonly key: QuestionKey;
}

export interface SemanticHit<Result> {
  readonly result: Result;
  readonly deploymentName: string;
  readonly similarity: number;
}

export interface SemanticCache {
  readonly kind: SemanticStore['kind'];
  /** The answer of the most similar cached question of the scope with the same guarded terms, if it reaches `threshold`. */
  find<Result>(question: SemanticQuestion, threshold: number): Promise<SemanticHit<Result> | undefined>;
  remember(question: SemanticQuestion, result: unknown, deploymentName: string, ttlS: number): Promise<void>;
}

/**
 * The semantic cache over a store. Like the exact cache, it never fails a request: a read error counts as a
 * miss and a write error is reported and dropped.
 */
export function createSemanticCache(store: SemanticStore, onError: (error: unknown) => void): SemanticCache {
  return {
    kind: store.kind,
    async find<Result>(question: SemanticQuestion, threshold: number) {
      let entries: SemanticEntry[];
      try {
        entries = await store.entries(question.scope, Date.now());
      } catch (error) {
        onError(error);
        return undefined;
      }
      const match = bestMatch(question.key, entries, threshold);
      return match && { result: match.candidate.result as Result, deploymentName: match.candidate.deploymentName, similarity: match.similarity };
    },
    async remember(question, result, deploymentName, ttlS) {
      const ttlMs = ttlS * 1000;
      const entry = { ...question.key, result, deploymentName, expiresAtMs: Date.now() + ttlMs };
      await store.add(question.scope, entry, ttlMs).catch(onError);
    },
  };
}
