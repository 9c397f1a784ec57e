import { estimatePromptTokens, estimateTextTokens } from '../../domain/token-estimate.js';
import type { ChatCallOptionsV1, ChatModelV1, ChatResultV1, ChatStreamPartV1 } from '../spec/chat-model-v1.js';
import { extract, extractiveJson, extractiveText } from './extractive-answer.js';

export const LOCAL_CHAT_MODEL_ID = 'extractive';

// Characters per estimated token, the inverse of the estimate, so that truncation and counting agree.
const CHARACTERS_PER_TOKEN = 3;

function lastUserText(options: ChatCallOptionsV1): string {
  for (let index = options.messages.length - 1; index >= 0; index -= 1) {
    const message = options.messages[index];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

function answer(options: ChatCallOptionsV1): ChatResultV1 {
  const found = extract(lastUserText(options));
  const full = options.responseFormat?.type === 'json' ? extractiveJson(found) : extractiveText(found);
  const limit = options.maxOutputTokens;
  const truncated = limit !== undefined && estimateTextTokens(full) > limit;
  const text = truncated ? full.slice(0, limit * CHARACTERS_PER_TOKEN) : full;
  return {
    text,
    toolCalls: [],
    finishReason: truncated ? 'length' : 'stop',
    usage: { inputTokens: estimatePromptTokens(options.messages), outputTokens: estimateTextTokens(text) },
  };
}

async function* streamOf(result: ChatResultV1): AsyncGenerator<ChatStreamPartV1> {
  // A few words per part, white space kept, so that joining the deltas gives the text back exactly.
  const pieces = result.text.match(/\S+\s*|\s+/g) ?? [];
  for (let index = 0; index < pieces.length; index += 4) yield { type: 'text-delta', delta: pieces.slice(index, index + 4).join('') };
  yield { type: 'finish', finishReason: result.finishReason, usage: result.usage };
}

/**
 * The built-in engine: no network, no language model, and deterministic. It does not generate: it answers with
 * the most salient sentences and the key terms of the latest user message, under a heading that says so (in
 * German when the message is German), or as a JSON object when one is asked for. It cannot call tools, so
 * routing never sends it a request that needs them. Token counts are the service's estimate.
 */
export function createLocalChatModel(): ChatModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'local.chat',
    modelId: LOCAL_CHAT_MODEL_ID,
    doGenerate: async (options) => answer(options),
    doStream: async (options) => streamOf(answer(options)),
  };
}
