import type { ChatStreamAnswer } from '../../gateway/chat-stream.js';
import { isProviderError } from '../../providers/spec/errors.js';
import { toChunk, toOpenAiFinishReason, toOpenAiUsage, toToolCallDelta } from './completion-shapes.js';

const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/**
 * The server-sent events of a streamed completion in OpenAI's format: a first chunk with the role, a chunk
 * per text delta or tool call, a chunk with the finish reason, the usage chunk when `include_usage` was asked
 * for, and `data: [DONE]`. A failure after the first chunk ends the stream with OpenAI's `{ error }` event,
 * which the OpenAI clients raise as an error.
 */
export async function* completionEvents(answer: ChatStreamAnswer, id: string, includeUsage: boolean): AsyncGenerator<string> {
  const created = Math.floor(Date.now() / 1000);
  const model = answer.deployment.name;
  yield event(toChunk(id, created, model, { role: 'assistant', content: '' }, null));
  let toolIndex = 0;
  try {
    for await (const part of answer.parts) {
      if (part.type === 'text-delta') yield event(toChunk(id, created, model, { content: part.delta }, null));
      else if (part.type === 'tool-call') yield event(toChunk(id, created, model, toToolCallDelta(part.toolCall, toolIndex++), null));
      else {
        yield event(toChunk(id, created, model, {}, toOpenAiFinishReason(part.finishReason)));
        if (includeUsage)
          yield event({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage: toOpenAiUsage(part.usage) });
      }
    }
  } catch (error) {
    const message = isProviderError(error) ? 'The model failed while answering; the answer is incomplete.' : 'The answer could not be completed.';
    yield event({ error: { message, type: 'server_error', param: null, code: 'AI_STREAM_INTERRUPTED' } });
    return;
  }
  yield 'data: [DONE]\n\n';
}
