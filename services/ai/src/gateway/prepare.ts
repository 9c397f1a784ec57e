import { callCostEur, toNanoEur } from '../domain/cost.js';
import { planRoute, type RouteNeeds } from '../domain/routing.js';
import { applyRoutingHints, resolveTaskPolicy, type TaskPolicy } from '../domain/task-policy.js';
import { ModelIncapableError, ModelNotFoundError, NoCapableModelError, ProvidersCoolingDownError, withRetryAfter } from '../errors.js';
import type { ResolvedDeployment } from '../settings/deployments.js';
import type { TenantSettings } from '../settings/tenant-settings.js';
import type { CallerContext, GatewayDeps } from './gateway-deps.js';

/** A request made ready: the tenant's settings, its policy, the deployments to try, and the reservation's estimate. */
export interface PreparedCall {
  readonly settings: TenantSettings;
  readonly policy: TaskPolicy;
  readonly candidates: readonly ResolvedDeployment[];
  readonly estimatedTokens: number;
  /** At the dearest candidate's price, so a fallback cannot cost more than was reserved. */
  readonly estimatedCostNanoEur: number;
}

/**
 * Resolves the task's policy with the request's hints, and plans the route; throws the error that says why no
 * deployment can take the request. `needsOf` sees the policy, for the default answer length.
 */
export async function prepareCall(deps: GatewayDeps, caller: CallerContext, needsOf: (policy: TaskPolicy) => RouteNeeds): Promise<PreparedCall> {
  const settings = await deps.settings.get(caller.tenantId);
  const policy = applyRoutingHints(resolveTaskPolicy(caller.task, settings.policies, deps.operatorPolicies), caller.routing);
  const needs = needsOf(policy);
  const now = Date.now();
  const byKey = new Map(settings.deployments.map((resolved) => [resolved.deployment.key, resolved]));
  const plan = planRoute(
    settings.deployments.map((resolved) => resolved.deployment),
    needs,
    policy,
    (deployment) => deps.health.status(deployment, now),
  );
  if (!plan.ok) {
    if (plan.reason !== 'cooling-down') {
      if (plan.reason === 'unknown-model') throw new ModelNotFoundError(policy.model ?? '');
      throw plan.reason === 'incapable-model' ? new ModelIncapableError(policy.model ?? '') : new NoCapableModelError();
    }
    const seconds = Math.max(1, Math.ceil((plan.retryAtMs - now) / 1000));
    throw withRetryAfter(new ProvidersCoolingDownError(seconds), seconds);
  }
  const candidates = plan.candidates.flatMap((deployment) => byKey.get(deployment.key) ?? []);
  const costs = candidates.map(({ deployment }) => toNanoEur(callCostEur(deployment.price, needs)));
  return { settings, policy, candidates, estimatedTokens: needs.inputTokens + needs.outputTokens, estimatedCostNanoEur: Math.max(0, ...costs) };
}
