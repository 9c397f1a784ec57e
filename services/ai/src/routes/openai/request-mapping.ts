import { getPrincipal } from '@erp/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Priority } from '../../domain/fair-queue.js';
import { RequestUnsupportedError } from '../../errors.js';
import type { ChatRequestOptions } from '../../gateway/chat.js';
import type { CallerContext } from '../../gateway/gateway-deps.js';
import { TASK_PATTERN } from '../../settings/schemas.js';
import { clientSignal } from '../caller.js';
import { PROMPT_VERSION_PATTERN } from '../chat-schemas.js';
import { toChatMessages, toToolChoice, toToolDefinitions } from '../to-chat-call.js';
import type { ChatCompletionBody } from './openai-schemas.js';

const TASK = new RegExp(TASK_PATTERN);
const PROMPT_VERSION = new RegExp(PROMPT_VERSION_PATTERN);
const PRIORITIES = new Set(['critical', 'normal', 'batch']);

/**
 * The caller of a `/v1` request. OpenAI's API has no task or priority, so they come from the headers
 * `X-ERP-Task` and `X-ERP-Priority`, the prompt template's version from `X-ERP-Prompt-Version`;
 * `Cache-Control: no-cache` or `no-store` bypasses the caches. The
 * model `auto` routes by the task's policy; any other model (`<provider>/<model>`) is pinned.
 */
export function openAiCaller(request: FastifyRequest, reply: FastifyReply, model: string, defaultTask: string): CallerContext {
  const task = String(request.headers['x-erp-task'] ?? defaultTask);
  const priority = String(request.headers['x-erp-priority'] ?? 'normal');
  if (!TASK.test(task)) throw new RequestUnsupportedError('X-ERP-Task must be lower-case letters, digits and hyphens, starting with a letter.');
  if (!PRIORITIES.has(priority)) throw new RequestUnsupportedError('X-ERP-Priority must be critical, normal or batch.');
  const cacheControl = String(request.headers['cache-control'] ?? '');
  const promptVersion = request.headers['x-erp-prompt-version'];
  if (promptVersion !== undefined && (typeof promptVersion !== 'string' || !PROMPT_VERSION.test(promptVersion))) {
    throw new RequestUnsupportedError('X-ERP-Prompt-Version must be 1 to 64 letters, digits, ".", "_", ":" or "-".');
  }
  return {
    tenantId: getPrincipal(request).tenantId,
    api: 'openai',
    task,
    priority: priority as Priority,
    requestId: String(request.id),
    signal: clientSignal(reply),
    useCache: !/\bno-(cache|store)\b/i.test(cacheControl),
    routing: model === 'auto' ? {} : { model },
    promptVersion,
  };
}

const PARTS_MAX = 100;

/** The text of a message's content: a string, null, or an array of at most 100 `{ type: 'text', text }` parts. */
function textOf(content: unknown, index: number): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content) || content.length > PARTS_MAX) {
    throw new RequestUnsupportedError(`messages.${index}.content must be a string or an array of at most ${PARTS_MAX} text parts.`);
  }
  return content
    .map((part: unknown) => {
      const { type, text } = (typeof part === 'object' && part !== null ? part : {}) as { type?: unknown; text?: unknown };
      if (type !== 'text' || typeof text !== 'string')
        throw new RequestUnsupportedError(`messages.${index}: only text content is supported, not ${String(type)}.`);
      return text;
    })
    .join('');
}

/** Maps an OpenAI chat completion request to the gateway's call options; refuses what the gateway cannot do. */
export function toChatOptions(body: Static<typeof ChatCompletionBody>): ChatRequestOptions {
  if ((body.n ?? 1) !== 1) throw new RequestUnsupportedError('Only n = 1 is supported: send one request per completion.');
  const messages = toChatMessages(
    body.messages.map((message, index) => ({
      role: message.role,
      content: textOf(message.content, index),
      tool_calls: message.tool_calls?.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
      tool_call_id: message.tool_call_id,
      name: message.name,
    })),
  );
  const tools = toToolDefinitions(
    body.tools?.map((tool) => ({ ...tool.function, parameters: tool.function.parameters ?? { type: 'object', properties: {} } })),
  );
  const choice = body.tool_choice;
  const format = body.response_format;
  return {
    messages,
    maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    stopSequences: body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop,
    seed: body.seed ?? undefined,
    responseFormat:
      format === undefined || format.type === 'text'
        ? undefined
        : format.type === 'json_object'
          ? { type: 'json' }
          : { type: 'json', schema: format.json_schema.schema, name: format.json_schema.name },
    tools,
    toolChoice: toToolChoice(typeof choice === 'object' ? { name: choice.function.name } : choice, tools),
  };
}
