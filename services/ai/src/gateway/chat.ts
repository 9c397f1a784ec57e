import { Decimal } from 'decimal.js';
import type { SemanticQuestion } from '../cache/semantic-cache.js';
import { callCostEur, formatEur, toNanoEur } from '../domain/cost.js';
import type { Deployment } from '../domain/deployment.js';
import { estimatePromptTokens } from '../domain/token-estimate.js';
import type { ChatCallOptionsV1, ChatResultV1 } from '../providers/spec/chat-model-v1.js';
import { type AttemptRecord, runAttempts } from './attempts.js';
import type { CallerContext, GatewayDeps } from './gateway-deps.js';
import { type PreparedCall, prepareCall } from './prepare.js';
import { reserveQuota, settleQuota } from './quota-guard.js';
import type { Ticket } from './scheduler.js';
import { semanticQuestionOf } from './semantic-question.js';
import { recordRequest } from './usage-recording.js';

export type ChatRequestOptions = Omit<ChatCallOptionsV1, 'abortSignal'>;

export interface ChatInput {
  readonly caller: CallerContext;
  readonly options: ChatRequestOptions;
}

export interface ChatAnswer {
  readonly result: ChatResultV1;
  readonly deployment: Deployment;
  readonly cached: boolean;
  /** On an answer of the semantic cache: how similar the cached question was. */
  readonly similarity?: number | undefined;
  readonly costEur: string;
  readonly attempts: readonly AttemptRecord[];
}

/** A chat request made ready: its route, its options with the policy's answer length, its cache keys and any hit. */
export interface BegunChat {
  readonly prepared: PreparedCall;
  readonly options: ChatRequestOptions;
  readonly cacheKey: string | undefined;
  /** Present when the task opted in to the semantic cache and the request qualifies. */
  readonly semantic?: SemanticQuestion | undefined;
  readonly hit: { readonly result: ChatResultV1; readonly deployment: Deployment; readonly similarity?: number | undefined } | undefined;
}

const ZERO = new Decimal(0);

export async function beginChat(deps: GatewayDeps, input: ChatInput): Promise<BegunChat> {
  const { caller } = input;
  let options = input.options;
  const prepared = await prepareCall(deps, caller, (policy) => {
    options = { ...input.options, maxOutputTokens: input.options.maxOutputTokens ?? policy.maxOutputTokens };
    const json = options.responseFormat?.type === 'json';
    const tools = (options.tools?.length ?? 0) > 0 && options.toolChoice?.type !== 'none';
    return { operation: 'chat', tools, json, inputTokens: estimatePromptTokens(options.messages), outputTokens: options.maxOutputTokens ?? 0 };
  });
  const generation = caller.useCache && prepared.policy.cacheTtlS > 0 ? await cacheGeneration(deps, caller) : BYPASS;
  if (generation === BYPASS) {
    deps.metrics.cache('bypass');
    return { prepared, options, cacheKey: undefined, hit: undefined };
  }
  const { strategy, model } = prepared.policy;
  const scope = { task: caller.task, strategy, model, promptVersion: caller.promptVersion, generation };
  const cacheKey = deps.cache.keyOf(caller.tenantId, { operation: 'chat', ...scope, options });
  const cached = await deps.cache.get<ChatResultV1>(cacheKey);
  const deployment = cached && deploymentNamed(prepared, cached.deploymentName);
  deps.metrics.cache(deployment ? 'hit' : 'miss');
  if (cached && deployment) return { prepared, options, cacheKey, hit: { result: cached.result, deployment } };
  if (!prepared.policy.semanticCache || !deps.semanticCache) return { prepared, options, cacheKey, hit: undefined };
  const semantic = await semanticQuestionOf(deps, caller, prepared, options, generation);
  const found = semantic && (await deps.semanticCache.find<ChatResultV1>(semantic, prepared.policy.semanticThreshold));
  const similar = found && deploymentNamed(prepared, found.deploymentName);
  deps.metrics.semanticCache(!semantic ? 'skip' : similar ? 'hit' : 'miss');
  const hit = found && similar ? { result: found.result, deployment: similar, similarity: found.similarity } : undefined;
  return { prepared, options, cacheKey, semantic, hit };
}

const BYPASS = Symbol('bypass');

const deploymentNamed = (prepared: PreparedCall, name: string) =>
  prepared.settings.deployments.find((resolved) => resolved.deployment.name === name)?.deployment;

/** The ledger generation of a ledger-dependent task; when it cannot be read, staleness is unknown and both caches are bypassed. */
async function cacheGeneration(deps: GatewayDeps, caller: CallerContext): Promise<string | undefined | typeof BYPASS> {
  try {
    return await deps.cacheGenerations?.of(caller.tenantId, caller.task);
  } catch (error) {
    deps.onBackgroundError(error, 'reading the ledger generation of the caches');
    return BYPASS;
  }
}

/** Keeps a finished answer in the exact cache and, for a task that opted in, the semantic cache. */
export function rememberAnswer(deps: GatewayDeps, begun: BegunChat, result: ChatResultV1, deploymentName: string): void {
  if (result.finishReason === 'error') return;
  const ttlS = begun.prepared.policy.cacheTtlS;
  if (begun.cacheKey) void deps.cache.set(begun.cacheKey, { result, deploymentName }, ttlS);
  if (begun.semantic) void deps.semanticCache?.remember(begun.semantic, result, deploymentName, ttlS);
}

/** Answers from the cache: it counts as a request for the per-minute limit, but costs no tokens and no money. */
export async function answerFromCache(deps: GatewayDeps, caller: CallerContext, begun: BegunChat, startedMs: number): Promise<ChatAnswer | undefined> {
  if (!begun.hit) return undefined;
  await reserveQuota(deps.quota, deps.metrics, { tenantId: caller.tenantId, limits: begun.prepared.settings.quotaLimits, tokens: 0, costNanoEur: 0 });
  const { deployment, result, similarity } = begun.hit;
  const latencyMs = Date.now() - startedMs;
  recordRequest(deps, { caller, operation: 'chat', deployment, outcome: 'cached', inputTokens: 0, outputTokens: 0, cost: ZERO, latencyMs, attempts: 0 });
  return { result, deployment, cached: true, similarity, costEur: '0', attempts: [] };
}

export function ticketOf(caller: CallerContext, prepared: PreparedCall): Ticket {
  return { tenantId: caller.tenantId, priority: caller.priority, cost: prepared.estimatedTokens, tenantWeight: prepared.settings.weight };
}

/**
 * A chat completion through the gateway: exact cache, then the semantic cache for a task that opted in, quota
 * reservation, the route with its fallback chain, then settlement, usage and cache entries.
 */
export async function chat(deps: GatewayDeps, input: ChatInput): Promise<ChatAnswer> {
  const startedMs = Date.now();
  const { caller } = input;
  const begun = await beginChat(deps, input);
  const fromCache = await answerFromCache(deps, caller, begun, startedMs);
  if (fromCache) return fromCache;
  const { prepared } = begun;
  const limits = prepared.settings.quotaLimits;
  const reservation = await reserveQuota(deps.quota, deps.metrics, {
    tenantId: caller.tenantId,
    limits,
    tokens: prepared.estimatedTokens,
    costNanoEur: prepared.estimatedCostNanoEur,
  });
  let success: Awaited<ReturnType<typeof runAttempts<ChatResultV1>>>;
  try {
    success = await runAttempts(prepared.candidates, deps, ticketOf(caller, prepared), caller.signal, (resolved, signal) =>
      resolved.provider.chatModel(resolved.deployment.modelId).doGenerate({ ...begun.options, abortSignal: signal }),
    );
  } catch (error) {
    await settleQuota(deps.quota, reservation, { tokens: 0, costNanoEur: 0 }, deps.onBackgroundError);
    recordRequest(deps, {
      caller,
      operation: 'chat',
      deployment: undefined,
      outcome: 'failed',
      inputTokens: 0,
      outputTokens: 0,
      cost: ZERO,
      latencyMs: Date.now() - startedMs,
      attempts: 0,
    });
    throw error;
  }
  const { result } = success;
  const deployment = success.resolved.deployment;
  const cost = callCostEur(deployment.price, result.usage);
  await settleQuota(
    deps.quota,
    reservation,
    { tokens: result.usage.inputTokens + result.usage.outputTokens, costNanoEur: toNanoEur(cost) },
    deps.onBackgroundError,
  );
  const { inputTokens, outputTokens } = result.usage;
  recordRequest(deps, {
    caller,
    operation: 'chat',
    deployment,
    outcome: 'ok',
    inputTokens,
    outputTokens,
    cost,
    latencyMs: Date.now() - startedMs,
    attempts: success.attempts.length,
  });
  rememberAnswer(deps, begun, result, deployment.name);
  return { result, deployment, cached: false, costEur: formatEur(cost), attempts: success.attempts };
}
