import type { RoutePolicy, RoutingStrategy } from './routing.js';

/**
 * The similarity a paraphrase needs by default to reuse a cached answer, chosen on the tuning pairs of
 * services/ai/eval/semantic-cache.json with the built-in embedding (the lowest without a wrong hit there).
 */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.8;

/** How requests of one task (request type) are routed, cached and bounded. */
export interface TaskPolicy extends RoutePolicy {
  /** How long an exact-cache entry lives; 0 turns the cache off for the task (semantic entries too). */
  readonly cacheTtlS: number;
  /** Whether a question may reuse the cached answer of a similar one (opt-in per task). */
  readonly semanticCache: boolean;
  /** The cosine similarity (0.5–1) a cached question needs besides equal guarded terms. */
  readonly semanticThreshold: number;
  /** The embedding model of the semantic cache (`<provider>/<model>`); the built-in engine's when absent. */
  readonly semanticEmbeddingModel?: string | undefined;
  /** The answer length asked for when the request names none; also what a reservation assumes. */
  readonly maxOutputTokens: number;
}

/** The policy of any task nobody configured: cheapest capable deployment, fallback, an hour of caching. */
export const DEFAULT_TASK_POLICY: TaskPolicy = Object.freeze({
  strategy: 'cheapest',
  model: undefined,
  fallback: true,
  maxAttempts: 3,
  fallbackToLocal: false,
  cacheTtlS: 3600,
  semanticCache: false,
  semanticThreshold: DEFAULT_SEMANTIC_THRESHOLD,
  semanticEmbeddingModel: undefined,
  maxOutputTokens: 1024,
});

/** The name under which a policy applies to every task without one of its own. */
export const DEFAULT_TASK = 'default';

/**
 * The policy of `task`: the tenant's own for the task, else the tenant's default, else the operator's for the
 * task, else the operator's default, else {@link DEFAULT_TASK_POLICY}.
 */
export function resolveTaskPolicy(task: string, tenant: ReadonlyMap<string, TaskPolicy>, operator: ReadonlyMap<string, TaskPolicy>): TaskPolicy {
  return tenant.get(task) ?? tenant.get(DEFAULT_TASK) ?? operator.get(task) ?? operator.get(DEFAULT_TASK) ?? DEFAULT_TASK_POLICY;
}

/** What a single request may say about its routing, over its task's policy. */
export interface RoutingHints {
  readonly strategy?: RoutingStrategy | undefined;
  readonly model?: string | undefined;
  readonly fallback?: boolean | undefined;
}

/** The task's policy with the request's hints applied; naming a model pins it. */
export function applyRoutingHints(policy: TaskPolicy, hints: RoutingHints): TaskPolicy {
  const strategy = hints.model !== undefined && hints.strategy === undefined ? 'pinned' : (hints.strategy ?? policy.strategy);
  return { ...policy, strategy, model: hints.model ?? policy.model, fallback: hints.fallback ?? policy.fallback };
}
