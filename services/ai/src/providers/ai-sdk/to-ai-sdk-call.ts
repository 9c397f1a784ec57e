import type { LanguageModelV4CallOptions, LanguageModelV4Message } from '@ai-sdk/provider';
import type { ChatCallOptionsV1, ChatMessageV1, ToolChoiceV1 } from '../spec/chat-model-v1.js';

// Tool arguments arrive as JSON text; the AI SDK expects the parsed value and serialises it per vendor.
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toAiSdkMessage(message: ChatMessageV1): LanguageModelV4Message {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: [{ type: 'text', text: message.content }] };
    case 'assistant': {
      const text = message.content.length > 0 ? [{ type: 'text' as const, text: message.content }] : [];
      const calls = (message.toolCalls ?? []).map((call) => ({
        type: 'tool-call' as const,
        toolCallId: call.id,
        toolName: call.name,
        input: parseArguments(call.arguments),
      }));
      return { role: 'assistant', content: [...text, ...calls] };
    }
    case 'tool':
      return {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: message.toolName ?? '', output: { type: 'text', value: message.content } }],
      };
  }
}

function toAiSdkToolChoice(choice: ToolChoiceV1): LanguageModelV4CallOptions['toolChoice'] {
  return choice.type === 'tool' ? { type: 'tool', toolName: choice.name } : choice;
}

/** Maps the ai service's call options to the AI SDK's language model call options. */
export function toAiSdkCallOptions(options: ChatCallOptionsV1): LanguageModelV4CallOptions {
  return {
    prompt: options.messages.map(toAiSdkMessage),
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    topP: options.topP,
    stopSequences: options.stopSequences ? [...options.stopSequences] : undefined,
    seed: options.seed,
    responseFormat: options.responseFormat as LanguageModelV4CallOptions['responseFormat'],
    tools: options.tools?.map((tool) => ({
      type: 'function' as const,
      name: tool.name,
      description: tool.description,
      inputSchema: tool.parameters as Record<string, never>,
    })),
    toolChoice: options.toolChoice ? toAiSdkToolChoice(options.toolChoice) : undefined,
    abortSignal: options.abortSignal,
  };
}
