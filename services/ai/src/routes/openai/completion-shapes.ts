import type { ChatResultV1, ChatUsageV1, FinishReasonV1, ToolCallV1 } from '../../providers/spec/chat-model-v1.js';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function toOpenAiFinishReason(reason: FinishReasonV1): OpenAiFinishReason {
  if (reason === 'tool-calls') return 'tool_calls';
  if (reason === 'content-filter') return 'content_filter';
  return reason === 'length' ? 'length' : 'stop';
}

export function toOpenAiUsage(usage: ChatUsageV1) {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

function toOpenAiToolCall(call: ToolCallV1) {
  return { id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } };
}

/** A `chat.completion` object, as OpenAI's API answers a non-streamed request. */
export function toChatCompletion(id: string, created: number, model: string, result: ChatResultV1) {
  const toolCalls = result.toolCalls.map(toOpenAiToolCall);
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: result.text.length === 0 && toolCalls.length > 0 ? null : result.text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toOpenAiFinishReason(result.finishReason),
      },
    ],
    usage: toOpenAiUsage(result.usage),
    system_fingerprint: null,
  };
}

/** One `chat.completion.chunk` of a stream. */
export function toChunk(id: string, created: number, model: string, delta: Record<string, unknown>, finishReason: OpenAiFinishReason | null) {
  return {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export function toToolCallDelta(call: ToolCallV1, index: number) {
  return { tool_calls: [{ index, ...toOpenAiToolCall(call) }] };
}
