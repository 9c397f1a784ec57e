import { createMistral } from '@ai-sdk/mistral';
import { fromAiSdkChatModel } from '../ai-sdk/ai-sdk-chat-model.js';
import { fromAiSdkEmbeddingModel } from '../ai-sdk/ai-sdk-embedding-model.js';
import type { ProviderSettingsV1, ProviderV1 } from '../spec/provider-v1.js';

/** Mistral's limit of inputs per embeddings request, as the AI SDK applies it. */
const EMBEDDING_VALUES_MAX = 32;

/** Mistral through the AI SDK: `/chat/completions` and `/embeddings` of La Plateforme. */
export function createMistralProvider(settings: ProviderSettingsV1): ProviderV1 {
  const mistral = createMistral({ apiKey: settings.apiKey ?? '', baseURL: settings.baseUrl, headers: { ...settings.headers }, fetch: settings.fetch });
  return {
    specificationVersion: 'v1',
    kind: 'mistral',
    chatModel: (modelId) => fromAiSdkChatModel(mistral.chat(modelId)),
    embeddingModel: (modelId) => fromAiSdkEmbeddingModel(mistral.embedding(modelId), EMBEDDING_VALUES_MAX),
  };
}
