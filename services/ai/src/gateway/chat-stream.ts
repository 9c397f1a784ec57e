import { Decimal } from 'decimal.js';
import { callCostEur, toNanoEur } from '../domain/cost.js';
import type { Deployment } from '../domain/deployment.js';
import { estimatePromptTokens, estimateTextTokens } from '../domain/token-estimate.js';
import type { ChatResultV1, ChatStreamPartV1, ChatUsageV1, ToolCallV1 } from '../providers/spec/chat-model-v1.js';
import { isDeploymentFault, isProviderError } from '../providers/spec/errors.js';
import type { ResolvedDeployment } from '../settings/deployments.js';
import { type AttemptSuccess, runAttempts } from './attempts.js';
import { answerFromCache, type BegunChat, beginChat, type ChatInput, rememberAnswer, ticketOf } from './chat.js';
import type { GatewayDeps } from './gateway-deps.js';
import { reserveQuota, settleQuota } from './quota-guard.js';
import { recordRequest } from './usage-recording.js';

export interface ChatStreamAnswer {
  readonly deployment: Deployment;
  readonly cached: boolean;
  /** On an answer of the semantic cache: how similar the cached question was. */
  readonly similarity?: number | undefined;
  /** Ends with a `finish` part, or throws a provider error after some parts. */
  readonly parts: AsyncGenerator<ChatStreamPartV1>;
  /**
   * Ends the stream if it was never read (the client left before the first byte): a generator that never
   * started does not run its cleanup on `return()`, so the slot and the reservation would stay taken.
   */
  abandon(): Promise<void>;
}

/** An answer as stream parts: the text as one delta, the tool calls, the finish. */
export async function* replay(result: ChatResultV1): AsyncGenerator<ChatStreamPartV1> {
  if (result.text.length > 0) yield { type: 'text-delta', delta: result.text };
  for (const toolCall of result.toolCalls) yield { type: 'tool-call', toolCall };
  yield { type: 'finish', finishReason: result.finishReason, usage: result.usage };
}

interface OpenedStream {
  readonly first: IteratorResult<ChatStreamPartV1>;
  readonly iterator: AsyncIterator<ChatStreamPartV1>;
}

// A failure before the first part still allows the next deployment, so the first part is awaited inside the attempt.
async function openStream(resolved: ResolvedDeployment, begun: BegunChat, signal: AbortSignal): Promise<OpenedStream> {
  const model = resolved.provider.chatModel(resolved.deployment.modelId);
  const options = { ...begun.options, abortSignal: signal };
  const parts = resolved.deployment.capabilities.streaming ? await model.doStream(options) : replay(await model.doGenerate(options));
  const iterator = parts[Symbol.asyncIterator]();
  return { first: await iterator.next(), iterator };
}

interface Collected {
  text: string;
  toolCalls: ToolCallV1[];
  finish: Extract<ChatStreamPartV1, { type: 'finish' }> | undefined;
}

async function cleanUp(success: AttemptSuccess<OpenedStream>, collected: Collected, failure: unknown, finished: Finished): Promise<void> {
  success.deadline.clear();
  success.release();
  // The client stopped reading: stop the provider's stream too.
  if (!collected.finish && !failure) await success.result.iterator.return?.().catch(() => undefined);
  await finished(collected, failure);
}

type Finished = (collected: Collected, failure: unknown) => Promise<void>;

async function* relay(success: AttemptSuccess<OpenedStream>, state: { started: boolean }, finished: Finished) {
  if (state.started) return;
  state.started = true;
  const collected: Collected = { text: '', toolCalls: [], finish: undefined };
  let failure: unknown;
  let next = success.result.first;
  try {
    while (!next.done) {
      const part = next.value;
      success.deadline.touch();
      if (part.type === 'text-delta') collected.text += part.delta;
      else if (part.type === 'tool-call') collected.toolCalls.push(part.toolCall);
      else collected.finish = part;
      yield part;
      if (collected.finish) break;
      next = await success.result.iterator.next();
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await cleanUp(success, collected, failure, finished);
  }
}

/** Books a finished (or broken off) stream: breaker, quota, usage, cache. */
function finisher(
  deps: GatewayDeps,
  input: ChatInput,
  begun: BegunChat,
  success: AttemptSuccess<OpenedStream>,
  startedMs: number,
  reservation: Parameters<typeof settleQuota>[1],
) {
  const { deployment } = success.resolved;
  return async (collected: Collected, failure: unknown) => {
    const latencyMs = Date.now() - startedMs;
    if (collected.finish) deps.health.onSuccess(deployment.key, Date.now() - success.startedMs);
    else if (isProviderError(failure) && isDeploymentFault(failure.kind) && !input.caller.signal.aborted)
      deps.health.onFailure(deployment.key, Date.now(), failure.retryAfterMs);
    // Without a finish part the vendor's count is unknown; what was produced is charged by estimate.
    const usage: ChatUsageV1 = collected.finish?.usage ?? {
      inputTokens: estimatePromptTokens(begun.options.messages),
      outputTokens: estimateTextTokens(collected.text),
    };
    const cost = callCostEur(deployment.price, usage);
    await settleQuota(deps.quota, reservation, { tokens: usage.inputTokens + usage.outputTokens, costNanoEur: toNanoEur(cost) }, deps.onBackgroundError);
    const outcome = collected.finish ? 'ok' : 'failed';
    recordRequest(deps, { caller: input.caller, operation: 'chat', deployment, outcome, ...usage, cost, latencyMs, attempts: success.attempts.length });
    const finish = collected.finish;
    if (finish) {
      const result: ChatResultV1 = { text: collected.text, toolCalls: collected.toolCalls, finishReason: finish.finishReason, usage: finish.usage };
      rememberAnswer(deps, begun, result, deployment.name);
    }
  };
}

/**
 * A streamed chat completion. Routing, quota and fallback work as for {@link chat}; a deployment may be
 * replaced only until its first part has arrived, after which a failure ends the stream with an error.
 */
export async function chatStream(deps: GatewayDeps, input: ChatInput): Promise<ChatStreamAnswer> {
  const startedMs = Date.now();
  const { caller } = input;
  const begun = await beginChat(deps, input);
  const fromCache = await answerFromCache(deps, caller, begun, startedMs);
  if (fromCache) {
    const { deployment, similarity, result } = fromCache;
    return { deployment, cached: true, similarity, parts: replay(result), abandon: async () => undefined };
  }
  const { prepared } = begun;
  const limits = prepared.settings.quotaLimits;
  const reservation = await reserveQuota(deps.quota, deps.metrics, {
    tenantId: caller.tenantId,
    limits,
    tokens: prepared.estimatedTokens,
    costNanoEur: prepared.estimatedCostNanoEur,
  });
  let success: AttemptSuccess<OpenedStream>;
  try {
    success = await runAttempts(
      prepared.candidates,
      deps,
      ticketOf(caller, prepared),
      caller.signal,
      (resolved, signal) => openStream(resolved, begun, signal),
      true,
    );
  } catch (error) {
    await settleQuota(deps.quota, reservation, { tokens: 0, costNanoEur: 0 }, deps.onBackgroundError);
    const latencyMs = Date.now() - startedMs;
    recordRequest(deps, {
      caller,
      operation: 'chat',
      deployment: undefined,
      outcome: 'failed',
      inputTokens: 0,
      outputTokens: 0,
      cost: new Decimal(0),
      latencyMs,
      attempts: 0,
    });
    throw error;
  }
  const finished = finisher(deps, input, begun, success, startedMs, reservation);
  const state = { started: false };
  return {
    deployment: success.resolved.deployment,
    cached: false,
    parts: relay(success, state, finished),
    abandon: async () => {
      if (state.started) return;
      state.started = true;
      await cleanUp(success, { text: '', toolCalls: [], finish: undefined }, undefined, finished);
    },
  };
}
