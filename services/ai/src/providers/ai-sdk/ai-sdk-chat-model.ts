import type {
  LanguageModelV4,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { estimatePromptTokens, estimateTextTokens } from '../../domain/token-estimate.js';
import type { ChatCallOptionsV1, ChatModelV1, ChatResultV1, ChatStreamPartV1, FinishReasonV1, ToolCallV1 } from '../spec/chat-model-v1.js';
import { createProviderError } from '../spec/errors.js';
import { toAiSdkCallOptions } from './to-ai-sdk-call.js';
import { toProviderError } from './to-provider-error.js';

function toFinishReason(reason: LanguageModelV4FinishReason): FinishReasonV1 {
  return reason.unified === 'interrupted' ? 'other' : reason.unified;
}

// A vendor that reports no usage is charged by the estimate rather than not at all.
function toUsage(usage: LanguageModelV4Usage | undefined, options: ChatCallOptionsV1, output: string) {
  return {
    inputTokens: usage?.inputTokens.total ?? estimatePromptTokens(options.messages),
    outputTokens: usage?.outputTokens.total ?? estimateTextTokens(output),
  };
}

function toResult(result: LanguageModelV4GenerateResult, options: ChatCallOptionsV1): ChatResultV1 {
  let text = '';
  const toolCalls: ToolCallV1[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
  }
  return { text, toolCalls, finishReason: toFinishReason(result.finishReason), usage: toUsage(result.usage, options, text) };
}

async function* toStreamParts(
  stream: ReadableStream<LanguageModelV4StreamPart>,
  model: LanguageModelV4,
  options: ChatCallOptionsV1,
): AsyncGenerator<ChatStreamPartV1> {
  let output = '';
  try {
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        output += part.delta;
        yield { type: 'text-delta', delta: part.delta };
      } else if (part.type === 'tool-call') {
        output += part.input;
        yield { type: 'tool-call', toolCall: { id: part.toolCallId, name: part.toolName, arguments: part.input } };
      } else if (part.type === 'error') {
        throw toProviderError(part.error, model);
      } else if (part.type === 'finish') {
        if (part.finishReason.unified === 'interrupted') break;
        yield { type: 'finish', finishReason: toFinishReason(part.finishReason), usage: toUsage(part.usage, options, output) };
        return;
      }
    }
  } catch (error) {
    throw toProviderError(error, model);
  }
  throw createProviderError({
    kind: 'server-error',
    provider: model.provider,
    modelId: model.modelId,
    message: 'The stream ended before the answer was complete.',
  });
}

/** Adapts a language model of an AI SDK provider package to {@link ChatModelV1}, with the errors mapped. */
export function fromAiSdkChatModel(model: LanguageModelV4): ChatModelV1 {
  return {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options) {
      try {
        return toResult(await model.doGenerate(toAiSdkCallOptions(options)), options);
      } catch (error) {
        throw toProviderError(error, model);
      }
    },
    async doStream(options) {
      try {
        const { stream } = await model.doStream(toAiSdkCallOptions(options));
        return toStreamParts(stream, model, options);
      } catch (error) {
        throw toProviderError(error, model);
      }
    },
  };
}
