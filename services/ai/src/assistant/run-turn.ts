import { randomUUID } from 'node:crypto';
import type { AssistantSettings } from '../config.js';
import { resolveTaskPolicy } from '../domain/task-policy.js';
import type { GatewayDeps } from '../gateway/gateway-deps.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import type { Language } from '../intelligence/language.js';
import type { ChatMessageV1 } from '../providers/spec/chat-model-v1.js';
import { createErpClient } from './erp-client.js';
import type { AssistantEvent } from './events.js';
import { parseIntent } from './intent/parse-intent.js';
import { stoppedAnswer } from './planners/general-answers.js';
import { answerByModel } from './planners/model-planner.js';
import type { PlannerContext } from './planners/planner-context.js';
import { answerByRules } from './planners/rule-planner.js';

/** The task name the assistant's model calls are routed, limited and accounted under. */
export const ASSISTANT_TASK = 'assistant';

export interface AssistantDeps {
  readonly gateway: GatewayDeps;
  readonly intelligence: IntelligenceContext;
  readonly settings: AssistantSettings;
  /** The `fetch` that reaches core and finance; tests may pass one. */
  readonly fetch?: typeof globalThis.fetch;
}

/** Who asks, with which rights, and what. */
export interface TurnInput {
  readonly tenantId: string;
  readonly permissions: readonly string[];
  /** The caller's `Authorization` header, forwarded unchanged to core and finance. */
  readonly authorization: string;
  readonly traceHeaders: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly question: string;
  /** The answer's language. */
  readonly language: Language;
  /** Earlier messages of the conversation, oldest first. */
  readonly history: readonly { readonly role: 'user' | 'assistant'; readonly content: string }[];
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export type TurnMode = 'llm' | 'rules';

/**
 * A language model plans when the tenant can reach one that calls tools (not the built-in engine) and the
 * assistant task is not kept local; otherwise the intent parser answers.
 */
export async function chooseMode(gateway: GatewayDeps, tenantId: string): Promise<TurnMode> {
  const settings = await gateway.settings.get(tenantId);
  const policy = resolveTaskPolicy(ASSISTANT_TASK, settings.policies, gateway.operatorPolicies);
  if (policy.strategy === 'local-only') return 'rules';
  const capable = settings.deployments.filter(({ deployment }) => !deployment.local && deployment.capabilities.chat && deployment.capabilities.tools);
  if (policy.strategy === 'pinned' && !policy.fallback) return capable.some(({ deployment }) => deployment.name === policy.model) ? 'llm' : 'rules';
  return capable.length > 0 ? 'llm' : 'rules';
}

/** Today in the ledger's time zone. */
function today(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * One turn of the assistant as a stream of events: text deltas, tool calls and results, and a finish. Model
 * and tools share one signal that ends at the client's leaving or the time limit, whichever comes first.
 */
export async function* runTurn(deps: AssistantDeps, input: TurnInput, mode: TurnMode): AsyncGenerator<AssistantEvent> {
  const deadline = AbortSignal.timeout(deps.settings.timeLimitMs);
  const signal = AbortSignal.any([input.signal, deadline]);
  const day = today(deps.intelligence.now(), deps.intelligence.settings.timeZone);
  const { language } = input;
  const erp = createErpClient({
    baseUrls: { core: deps.settings.coreUrl, finance: deps.settings.financeUrl },
    authorization: input.authorization,
    traceHeaders: input.traceHeaders,
    timeoutMs: deps.settings.toolTimeoutMs,
    signal,
    fetch: deps.fetch,
  });
  const context: PlannerContext = {
    tools: { tenantId: input.tenantId, permissions: input.permissions, language, erp, intelligence: deps.intelligence, today: day },
    language,
    toolOutputMaxChars: deps.settings.toolOutputMaxChars,
    newId: () => randomUUID(),
  };
  if (mode === 'rules') {
    try {
      yield* answerByRules(context, { ...parseIntent(input.question, language), language });
    } catch (error) {
      // A service call cut off by the turn's time limit ends the turn with a word about it, not a failure.
      if (!deadline.aborted || input.signal.aborted) throw error;
      yield { type: 'text-delta', delta: stoppedAnswer('time-limit', language) };
      yield { type: 'finish', finish: 'time-limit', usage: { inputTokens: 0, outputTokens: 0 }, model: null, steps: 0 };
    }
    return;
  }
  const caller = {
    tenantId: input.tenantId,
    api: 'native' as const,
    task: ASSISTANT_TASK,
    priority: 'normal' as const,
    requestId: input.requestId,
    signal,
    // Answers rest on live data read by tools; an exact-cache hit would repeat yesterday's figures.
    useCache: false,
    routing: {},
  };
  // An empty answer (a turn that produced no text) tells the model nothing, and some servers refuse it.
  const history: ChatMessageV1[] = input.history
    .filter((message) => message.content.length > 0)
    .map((message) => ({ role: message.role, content: message.content }));
  const options = { gateway: deps.gateway, caller, maxSteps: deps.settings.maxSteps, maxToolCalls: deps.settings.maxToolCalls, deadline, today: day };
  yield* answerByModel(context, options, history, input.question);
}
