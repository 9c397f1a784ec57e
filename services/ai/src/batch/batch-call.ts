import type { Priority } from '../domain/fair-queue.js';
import type { RoutingStrategy } from '../domain/routing.js';
import type { RoutingHints } from '../domain/task-policy.js';
import type { CallerContext } from '../gateway/gateway-deps.js';
import type { NativeChatRequest } from '../gateway/native-chat.js';

/**
 * The routing of a batch job: the cheapest capable model, whatever the task's strategy, unless the request pins
 * a model or asks for the built-in engine. Batch work waits anyway, so it should cost as little as possible.
 */
export function batchRouting(routing: NativeChatRequest['routing']): RoutingHints {
  if (routing?.model !== undefined) return { model: routing.model, fallback: routing.fallback };
  const strategy: RoutingStrategy = routing?.strategy === 'local-only' ? 'local-only' : 'cheapest';
  return { strategy, fallback: routing?.fallback };
}

/** The caller of a batch job's chat: the tenant and request that submitted it, at batch priority. */
export function batchCaller(job: { tenantId: string; requestId: string; body: NativeChatRequest }, signal: AbortSignal): CallerContext {
  const { body } = job;
  return {
    tenantId: job.tenantId,
    api: 'native',
    task: body.task ?? 'chat',
    priority: 'batch' satisfies Priority,
    requestId: job.requestId,
    signal,
    useCache: body.cache ?? true,
    routing: batchRouting(body.routing),
    promptVersion: body.prompt_version,
  };
}
