import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { fromAiSdkChatModel } from '../ai-sdk/ai-sdk-chat-model.js';
import { fromAiSdkEmbeddingModel } from '../ai-sdk/ai-sdk-embedding-model.js';
import type { ProviderSettingsV1, ProviderV1 } from '../spec/provider-v1.js';

// Servers differ; this is the OpenAI limit, which vLLM and Ollama accept as well.
const EMBEDDING_VALUES_MAX = 2048;

/**
 * Any server that speaks OpenAI's Chat Completions and Embeddings APIs (Ollama, vLLM, LM Studio, LiteLLM).
 * The base URL is required and the key optional (local servers often need none). Usage in streams is asked for
 * with `stream_options.include_usage`, which these servers support.
 */
export function createOpenAiCompatibleProvider(settings: ProviderSettingsV1 & { name: string; baseUrl: string }): ProviderV1 {
  const provider = createOpenAICompatible({
    name: settings.name,
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    headers: { ...settings.headers },
    fetch: settings.fetch,
    includeUsage: true,
  });
  return {
    specificationVersion: 'v1',
    kind: 'openai-compatible',
    chatModel: (modelId) => fromAiSdkChatModel(provider.chatModel(modelId)),
    embeddingModel: (modelId) => fromAiSdkEmbeddingModel(provider.embeddingModel(modelId), EMBEDDING_VALUES_MAX),
  };
}
