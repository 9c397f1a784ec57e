import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { resolveTaskPolicy } from '../../domain/task-policy.js';
import { chat } from '../../gateway/chat.js';
import type { GatewayDeps } from '../../gateway/gateway-deps.js';
import type { ChatMessageV1 } from '../../providers/spec/chat-model-v1.js';

/**
 * The task names the finance intelligence's model calls are routed, limited and accounted under; an operator
 * or tenant keeps one on the built-in engine (and so on patterns and templates) with a `local-only` policy.
 */
export const FINANCE_TASKS = {
  invoiceExtraction: 'invoice-extraction',
  postingReasons: 'posting-reasons',
  forecastReport: 'forecast-report',
} as const;

export type FinanceTask = (typeof FINANCE_TASKS)[keyof typeof FINANCE_TASKS];

/** Whose request a model call serves. */
export interface ModelCaller {
  readonly tenantId: string;
  readonly requestId: string;
}

export interface JsonRequest<Schema extends TSchema> {
  readonly task: FinanceTask;
  /** The schema's name for providers that take one. */
  readonly name: string;
  /** What the answer must match; it is also sent to the model as the response format. */
  readonly schema: Schema;
  readonly messages: readonly ChatMessageV1[];
  readonly maxOutputTokens: number;
  readonly timeoutMs: number;
  /** Scopes the gateway's cache: a changed prompt never reuses answers to the old one. */
  readonly promptVersion: string;
}

/** The language model as the finance intelligence uses it: never required, every failure an `undefined`. */
export interface FinanceModel {
  /**
   * The model's JSON answer when it matches the schema; `undefined` when no language model is configured for
   * the task, or the call failed in any way (time limit, quota, provider error, unparseable or invalid answer).
   */
  generateJson<Schema extends TSchema>(caller: ModelCaller, request: JsonRequest<Schema>): Promise<Static<Schema> | undefined>;
}

/**
 * Whether the tenant can reach a language model for the task: a deployment other than the built-in engine
 * that answers in JSON, and a policy that does not keep the task local.
 */
export async function modelConfigured(gateway: GatewayDeps, tenantId: string, task: FinanceTask): Promise<boolean> {
  const settings = await gateway.settings.get(tenantId);
  const policy = resolveTaskPolicy(task, settings.policies, gateway.operatorPolicies);
  if (policy.strategy === 'local-only') return false;
  const capable = settings.deployments.filter(({ deployment }) => !deployment.local && deployment.capabilities.chat && deployment.capabilities.json);
  if (policy.strategy === 'pinned' && !policy.fallback) return capable.some(({ deployment }) => deployment.name === policy.model);
  return capable.length > 0;
}

/** The JSON in a model's text; some models wrap it in a Markdown code fence despite the response format. */
function parseJson(text: string): unknown {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  return JSON.parse(fenced?.[1] ?? text);
}

class ModelAnswerRejected extends Error {}

/**
 * The finance model over the gateway: every call gets the gateway's routing, fallback, quotas, usage records
 * and exact cache under its task's name. `onFallback` hears why an answer was not used; the client never does.
 */
export function createFinanceModel(gateway: GatewayDeps, onFallback: (task: FinanceTask, error: unknown) => void = () => {}): FinanceModel {
  return {
    async generateJson(caller, request) {
      try {
        if (!(await modelConfigured(gateway, caller.tenantId, request.task))) return undefined;
        const answer = await chat(gateway, {
          caller: {
            tenantId: caller.tenantId,
            api: 'native',
            task: request.task,
            priority: 'normal',
            requestId: caller.requestId,
            signal: AbortSignal.timeout(request.timeoutMs),
            useCache: true,
            routing: {},
            promptVersion: request.promptVersion,
          },
          options: {
            messages: request.messages,
            maxOutputTokens: request.maxOutputTokens,
            temperature: 0,
            responseFormat: { type: 'json', name: request.name, schema: request.schema as Readonly<Record<string, unknown>> },
          },
        });
        // A policy that falls back to the built-in engine gets an extract of the prompt, not an answer.
        if (answer.deployment.local) throw new ModelAnswerRejected(`the built-in engine answered the ${request.task} task`);
        const value = parseJson(answer.result.text);
        if (!Value.Check(request.schema, value)) throw new ModelAnswerRejected(`the answer to the ${request.task} task does not match its schema`);
        return value;
      } catch (error) {
        onFallback(request.task, error);
        return undefined;
      }
    },
  };
}
