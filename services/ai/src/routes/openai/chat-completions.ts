import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ServiceApp } from '@erp/kit';
import { chat } from '../../gateway/chat.js';
import { chatStream } from '../../gateway/chat-stream.js';
import type { RouteOptions } from '../context.js';
import { toChatCompletion } from './completion-shapes.js';
import { ChatCompletionBody } from './openai-schemas.js';
import { openAiCaller, toChatOptions } from './request-mapping.js';
import { completionEvents } from './sse-completion.js';

/** `POST /v1/chat/completions`: OpenAI's Chat Completions API over the gateway, streamed (SSE) or not. */
export async function chatCompletionRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/chat/completions', { schema: { body: ChatCompletionBody } }, async (request, reply) => {
    const body = request.body;
    const caller = openAiCaller(request, reply, body.model, 'chat');
    const input = { caller, options: toChatOptions(body) };
    const id = `chatcmpl-${randomUUID()}`;
    if (body.stream !== true) {
      const answer = await chat(context.gateway, input);
      reply
        .header('x-erp-model', answer.deployment.name)
        .header('x-erp-cache', answer.cached ? 'hit' : 'miss')
        .header('x-erp-cost-eur', answer.costEur);
      if (answer.similarity !== undefined) reply.header('x-erp-cache-similarity', answer.similarity.toFixed(4));
      return toChatCompletion(id, Math.floor(Date.now() / 1000), answer.deployment.name, answer.result);
    }
    const answer = await chatStream(context.gateway, input);
    reply.raw.once('close', () => void answer.abandon());
    if (answer.similarity !== undefined) reply.header('x-erp-cache-similarity', answer.similarity.toFixed(4));
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no')
      .header('x-erp-model', answer.deployment.name)
      .header('x-erp-cache', answer.cached ? 'hit' : 'miss')
      .send(Readable.from(completionEvents(answer, id, body.stream_options?.include_usage === true)));
  });
}
