import type { Static } from 'typebox';
import type { NativeChatAnswer, NativeChatBody } from '../routes/chat-schemas.js';
import { toChatMessages, toToolChoice, toToolDefinitions } from '../routes/to-chat-call.js';
import type { ChatAnswer, ChatRequestOptions } from './chat.js';

export type NativeChatRequest = Static<typeof NativeChatBody>;
export type NativeChatResponse = Static<typeof NativeChatAnswer>;

/** The call options of a native chat request; refuses a malformed conversation (400). */
export function toNativeOptions(body: NativeChatRequest): ChatRequestOptions {
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

/** The native API's answer: the same for a synchronous request and a batch job's result. */
export function toNativeAnswer(answer: ChatAnswer): NativeChatResponse {
  const { result } = answer;
  return {
    model: answer.deployment.name,
    text: result.text,
    tool_calls: [...result.toolCalls],
    finish_reason: result.finishReason,
    usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, cost_eur: answer.costEur },
    cached: answer.cached,
    ...(answer.similarity !== undefined ? { cache_similarity: Math.round(answer.similarity * 10_000) / 10_000 } : {}),
    attempts: answer.attempts.map((attempt) => ({ model: attempt.deployment, outcome: attempt.outcome })),
  };
}
