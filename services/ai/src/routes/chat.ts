import { getPrincipal, type ServiceApp } from '@erp/kit';
import type { Static } from 'typebox';
import type { Priority } from '../domain/fair-queue.js';
import type { RoutingStrategy } from '../domain/routing.js';
import { chat } from '../gateway/chat.js';
import { clientSignal } from './caller.js';
import { NativeChatAnswer, NativeChatBody } from './chat-schemas.js';
import type { RouteOptions } from './context.js';
import { toChatMessages, toToolChoice, toToolDefinitions } from './to-chat-call.js';

function toOptions(body: Static<typeof NativeChatBody>) {
  const tools = toToolDefinitions(body.tools);
  const format = body.response_format;
  return {
    messages: toChatMessages(body.messages),
    maxOutputTokens: body.max_output_tokens,
    temperature: body.temperature,
    topP: body.top_p,
    stopSequences: body.stop,
    seed: body.seed,
    responseFormat: format ? (format.type === 'json' ? { type: 'json' as const, schema: format.schema } : { type: 'text' as const }) : undefined,
    tools,
    toolChoice: toToolChoice(body.tool_choice, tools),
  };
}

/** `POST /chat`: a chat completion for a task, with priority and routing hints (the native API). */
export async function chatRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post(
    '/chat',
    { config: { permission: 'ai.assistant:use' }, schema: { body: NativeChatBody, response: { 200: NativeChatAnswer } } },
    async (request, reply) => {
      const body = request.body;
      const caller = {
        tenantId: getPrincipal(request).tenantId,
        api: 'native' as const,
        task: body.task ?? 'chat',
        priority: (body.priority ?? 'normal') as Priority,
        requestId: String(request.id),
        signal: clientSignal(reply),
        useCache: body.cache ?? true,
        routing: { strategy: body.routing?.strategy as RoutingStrategy | undefined, model: body.routing?.model, fallback: body.routing?.fallback },
      };
      const answer = await chat(context.gateway, { caller, options: toOptions(body) });
      const { result } = answer;
      return {
        model: answer.deployment.name,
        text: result.text,
        tool_calls: [...result.toolCalls],
        finish_reason: result.finishReason,
        usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, cost_eur: answer.costEur },
        cached: answer.cached,
        attempts: answer.attempts.map((attempt) => ({ model: attempt.deployment, outcome: attempt.outcome })),
      };
    },
  );
}
