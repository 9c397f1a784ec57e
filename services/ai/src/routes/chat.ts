import { getPrincipal, type ServiceApp } from '@erp/kit';
import { acceptBatchJob } from '../batch/accept-job.js';
import type { Priority } from '../domain/fair-queue.js';
import type { RoutingStrategy } from '../domain/routing.js';
import { chat } from '../gateway/chat.js';
import { toNativeAnswer, toNativeOptions } from '../gateway/native-chat.js';
import { clientSignal } from './caller.js';
import { NativeChatAnswer, NativeChatBody } from './chat-schemas.js';
import type { RouteOptions } from './context.js';
import { BatchJobView } from './job-schemas.js';

/**
 * `POST /chat`: a chat completion for a task, with priority and routing hints (the native API). A request of
 * the batch class is not answered now: it is queued as a job (202) that runs when there is capacity.
 */
export async function chatRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post(
    '/chat',
    { config: { permission: 'ai.assistant:use' }, schema: { body: NativeChatBody, response: { 200: NativeChatAnswer, 202: BatchJobView } } },
    async (request, reply) => {
      const body = request.body;
      if (body.priority === 'batch') return acceptBatchJob(context, request, reply, body);
      const caller = {
        tenantId: getPrincipal(request).tenantId,
        api: 'native' as const,
        task: body.task ?? 'chat',
        priority: (body.priority ?? 'normal') as Priority,
        requestId: String(request.id),
        signal: clientSignal(reply),
        useCache: body.cache ?? true,
        routing: { strategy: body.routing?.strategy as RoutingStrategy | undefined, model: body.routing?.model, fallback: body.routing?.fallback },
        promptVersion: body.prompt_version,
      };
      return toNativeAnswer(await chat(context.gateway, { caller, options: toNativeOptions(body) }));
    },
  );
}
