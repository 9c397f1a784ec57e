import { callCostEur } from './cost.js';
import type { Deployment } from './deployment.js';

/**
 * How a task picks its deployment: the cheapest capable one (by the estimated cost of this request), the fastest
 * (by the moving average of observed latency), a pinned one, or only the built-in engine.
 */
export type RoutingStrategy = 'cheapest' | 'fastest' | 'pinned' | 'local-only';

export interface RoutePolicy {
  readonly strategy: RoutingStrategy;
  /** The pinned deployment's name (`<provider>/<model>`); required for `pinned`. */
  readonly model?: string | undefined;
  /** Whether further deployments are tried after a failure. */
  readonly fallback: boolean;
  /** Deployments tried at most, the first included. */
  readonly maxAttempts: number;
  /** Whether the built-in engine ends the chain when remote deployments fail. */
  readonly fallbackToLocal: boolean;
}

/** What the request needs of a deployment. */
export interface RouteNeeds {
  readonly operation: 'chat' | 'embeddings';
  readonly tools: boolean;
  readonly json: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What is known of a deployment at the moment of routing. */
export interface DeploymentStatus {
  readonly admits: boolean;
  readonly retryAtMs?: number | undefined;
  readonly latencyMs?: number | undefined;
}

export type RoutePlan =
  | { readonly ok: true; readonly candidates: readonly Deployment[] }
  | { readonly ok: false; readonly reason: 'unknown-model' | 'incapable-model' | 'no-capable-deployment' }
  | { readonly ok: false; readonly reason: 'cooling-down'; readonly retryAtMs: number };

export function isCapable(deployment: Deployment, needs: RouteNeeds): boolean {
  const capabilities = deployment.capabilities;
  if (needs.operation === 'chat' ? !capabilities.chat : !capabilities.embeddings) return false;
  if ((needs.tools && !capabilities.tools) || (needs.json && !capabilities.json)) return false;
  return needs.inputTokens + needs.outputTokens <= capabilities.contextTokens;
}

type Comparator = (left: Deployment, right: Deployment) => number;

function byCost(needs: RouteNeeds): Comparator {
  return (left, right) => callCostEur(left.price, needs).comparedTo(callCostEur(right.price, needs));
}

// A deployment never measured sorts first, so that it gets measured at all (optimistic exploration).
function byLatency(statusOf: (deployment: Deployment) => DeploymentStatus): Comparator {
  return (left, right) => (statusOf(left).latencyMs ?? -1) - (statusOf(right).latencyMs ?? -1);
}

function sorted(deployments: readonly Deployment[], ...comparators: Comparator[]): Deployment[] {
  const byName: Comparator = (left, right) => left.name.localeCompare(right.name);
  return [...deployments].sort((left, right) => {
    for (const compare of [...comparators, byName]) {
      const order = compare(left, right);
      if (order !== 0) return order;
    }
    return 0;
  });
}

function ordered(deployments: readonly Deployment[], needs: RouteNeeds, policy: RoutePolicy, statusOf: (deployment: Deployment) => DeploymentStatus) {
  const capable = deployments.filter((deployment) => isCapable(deployment, needs));
  const remote = capable.filter((deployment) => !deployment.local);
  const local = capable.filter((deployment) => deployment.local);
  const cheapest = sorted(remote, byCost(needs), byLatency(statusOf));
  let chain: Deployment[];
  if (policy.strategy === 'local-only') chain = local;
  else if (policy.strategy === 'pinned') chain = cheapest;
  else chain = policy.strategy === 'fastest' ? sorted(remote, byLatency(statusOf), byCost(needs)) : cheapest;
  // Without any remote deployment configured, the built-in engine is the default, whatever the strategy.
  if (chain.length === 0 || policy.fallbackToLocal) chain = [...chain, ...local.filter((deployment) => !chain.includes(deployment))];
  return chain;
}

/**
 * The deployments to try for a request, in order: the first by the policy's strategy, then the fallback chain.
 * Deployments whose breaker refuses calls are left out; when that leaves none, the plan says when the first one
 * will admit calls again.
 */
export function planRoute(
  deployments: readonly Deployment[],
  needs: RouteNeeds,
  policy: RoutePolicy,
  statusOf: (deployment: Deployment) => DeploymentStatus,
): RoutePlan {
  let chain = ordered(deployments, needs, policy, statusOf);
  if (policy.strategy === 'pinned') {
    const pinned = deployments.find((deployment) => deployment.name === policy.model);
    if (!pinned) return { ok: false, reason: 'unknown-model' };
    if (!isCapable(pinned, needs)) return { ok: false, reason: 'incapable-model' };
    chain = policy.fallback ? [pinned, ...chain.filter((deployment) => deployment !== pinned)] : [pinned];
  }
  if (chain.length === 0) return { ok: false, reason: 'no-capable-deployment' };
  const admitted = chain.filter((deployment) => statusOf(deployment).admits);
  if (admitted.length === 0) {
    const retryAtMs = Math.min(...chain.map((deployment) => statusOf(deployment).retryAtMs ?? Number.POSITIVE_INFINITY));
    return { ok: false, reason: 'cooling-down', retryAtMs };
  }
  return { ok: true, candidates: admitted.slice(0, policy.fallback ? policy.maxAttempts : 1) };
}
