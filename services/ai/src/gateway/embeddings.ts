import { Decimal } from 'decimal.js';
import { callCostEur, formatEur, toNanoEur } from '../domain/cost.js';
import type { Deployment } from '../domain/deployment.js';
import { estimateTextTokens } from '../domain/token-estimate.js';
import type { EmbeddingResultV1 } from '../providers/spec/embedding-model-v1.js';
import { createProviderError } from '../providers/spec/errors.js';
import type { ResolvedDeployment } from '../settings/deployments.js';
import { runAttempts } from './attempts.js';
import { ticketOf } from './chat.js';
import type { CallerContext, GatewayDeps } from './gateway-deps.js';
import { prepareCall } from './prepare.js';
import { reserveQuota, settleQuota } from './quota-guard.js';
import { recordRequest } from './usage-recording.js';

export interface EmbeddingAnswer {
  readonly result: EmbeddingResultV1;
  readonly deployment: Deployment;
  readonly cached: boolean;
  readonly costEur: string;
}

// Vectors of different models do not compare, so all values of a request go to one model, in as many calls
// as its batch limit needs.
async function embedAll(resolved: ResolvedDeployment, values: readonly string[], signal: AbortSignal): Promise<EmbeddingResultV1> {
  const { deployment } = resolved;
  const model = resolved.provider.embeddingModel(deployment.modelId);
  if (!model)
    throw createProviderError({
      kind: 'unauthorized',
      provider: deployment.providerName,
      modelId: deployment.modelId,
      message: 'The provider offers no embeddings.',
    });
  const embeddings: (readonly number[])[] = [];
  let inputTokens = 0;
  for (let index = 0; index < values.length; index += model.maxValuesPerCall) {
    const batch = await model.doEmbed({ values: values.slice(index, index + model.maxValuesPerCall), abortSignal: signal });
    embeddings.push(...batch.embeddings);
    inputTokens += batch.usage.inputTokens;
  }
  return { embeddings, usage: { inputTokens } };
}

/** Embeddings through the gateway, with the same cache, quota, routing and fallback as chat. */
export async function embed(deps: GatewayDeps, caller: CallerContext, values: readonly string[]): Promise<EmbeddingAnswer> {
  const startedMs = Date.now();
  const inputTokens = values.reduce((sum, value) => sum + estimateTextTokens(value), 0);
  const longest = Math.max(0, ...values.map(estimateTextTokens));
  const prepared = await prepareCall(deps, caller, () => ({ operation: 'embeddings', tools: false, json: false, inputTokens: longest, outputTokens: 0 }));
  const useCache = caller.useCache && prepared.policy.cacheTtlS > 0;
  const { strategy, model } = prepared.policy;
  const cacheKey = useCache ? deps.cache.keyOf(caller.tenantId, { operation: 'embeddings', task: caller.task, strategy, model, values }) : undefined;
  const cached = cacheKey ? await deps.cache.get<EmbeddingResultV1>(cacheKey) : undefined;
  const hit = cached && prepared.settings.deployments.find((resolved) => resolved.deployment.name === cached.deploymentName)?.deployment;
  deps.metrics.cache(!cacheKey ? 'bypass' : hit ? 'hit' : 'miss');
  const limits = prepared.settings.quotaLimits;
  if (cached && hit) {
    await reserveQuota(deps.quota, deps.metrics, { tenantId: caller.tenantId, limits, tokens: 0, costNanoEur: 0 });
    recordRequest(deps, {
      caller,
      operation: 'embeddings',
      deployment: hit,
      outcome: 'cached',
      inputTokens: 0,
      outputTokens: 0,
      cost: new Decimal(0),
      latencyMs: Date.now() - startedMs,
      attempts: 0,
    });
    return { result: cached.result, deployment: hit, cached: true, costEur: '0' };
  }
  const costNanoEur = Math.max(0, ...prepared.candidates.map(({ deployment }) => toNanoEur(callCostEur(deployment.price, { inputTokens, outputTokens: 0 }))));
  const reservation = await reserveQuota(deps.quota, deps.metrics, { tenantId: caller.tenantId, limits, tokens: inputTokens, costNanoEur });
  let success: Awaited<ReturnType<typeof runAttempts<EmbeddingResultV1>>>;
  try {
    const ticket = { ...ticketOf(caller, prepared), cost: inputTokens };
    success = await runAttempts(prepared.candidates, deps, ticket, caller.signal, (resolved, signal) => embedAll(resolved, values, signal));
  } catch (error) {
    await settleQuota(deps.quota, reservation, { tokens: 0, costNanoEur: 0 }, deps.onBackgroundError);
    recordRequest(deps, {
      caller,
      operation: 'embeddings',
      deployment: undefined,
      outcome: 'failed',
      inputTokens: 0,
      outputTokens: 0,
      cost: new Decimal(0),
      latencyMs: Date.now() - startedMs,
      attempts: 0,
    });
    throw error;
  }
  const { result } = success;
  const deployment = success.resolved.deployment;
  const cost = callCostEur(deployment.price, { inputTokens: result.usage.inputTokens, outputTokens: 0 });
  await settleQuota(deps.quota, reservation, { tokens: result.usage.inputTokens, costNanoEur: toNanoEur(cost) }, deps.onBackgroundError);
  const latencyMs = Date.now() - startedMs;
  recordRequest(deps, {
    caller,
    operation: 'embeddings',
    deployment,
    outcome: 'ok',
    inputTokens: result.usage.inputTokens,
    outputTokens: 0,
    cost,
    latencyMs,
    attempts: success.attempts.length,
  });
  if (cacheKey) void deps.cache.set(cacheKey, { result, deploymentName: deployment.name }, prepared.policy.cacheTtlS);
  return { result, deployment, cached: false, costEur: formatEur(cost) };
}
