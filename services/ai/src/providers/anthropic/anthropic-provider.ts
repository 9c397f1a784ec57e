import { createAnthropic } from '@ai-sdk/anthropic';
import { fromAiSdkChatModel } from '../ai-sdk/ai-sdk-chat-model.js';
import type { ProviderSettingsV1, ProviderV1 } from '../spec/provider-v1.js';

/** Anthropic through the AI SDK: the Messages API (`/messages`). Anthropic offers no embeddings. */
export function createAnthropicProvider(settings: ProviderSettingsV1): ProviderV1 {
  const anthropic = createAnthropic({ apiKey: settings.apiKey ?? '', baseURL: settings.baseUrl, headers: { ...settings.headers }, fetch: settings.fetch });
  return {
    specificationVersion: 'v1',
    kind: 'anthropic',
    chatModel: (modelId) => fromAiSdkChatModel(anthropic.messages(modelId)),
    embeddingModel: () => undefined,
  };
}
