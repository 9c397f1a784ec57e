import { createOpenAI } from '@ai-sdk/openai';
import { fromAiSdkChatModel } from '../ai-sdk/ai-sdk-chat-model.js';
import { fromAiSdkEmbeddingModel } from '../ai-sdk/ai-sdk-embedding-model.js';
import type { ProviderSettingsV1, ProviderV1 } from '../spec/provider-v1.js';

/** OpenAI's limit of inputs per embeddings request. */
const EMBEDDING_VALUES_MAX = 2048;

/**
 * OpenAI through the AI SDK: chat over the Chat Completions API (`/chat/completions`, the API OpenAI-compatible
 * servers copy) and `/embeddings`. The key is always passed explicitly, so the SDK never falls back to reading
 * `OPENAI_API_KEY` itself; `config.ts` is the one place that reads the environment.
 */
export function createOpenAiProvider(settings: ProviderSettingsV1): ProviderV1 {
  const openai = createOpenAI({ apiKey: settings.apiKey ?? '', baseURL: settings.baseUrl, headers: { ...settings.headers }, fetch: settings.fetch });
  return {
    specificationVersion: 'v1',
    kind: 'openai',
    chatModel: (modelId) => fromAiSdkChatModel(openai.chat(modelId)),
    embeddingModel: (modelId) => fromAiSdkEmbeddingModel(openai.embedding(modelId), EMBEDDING_VALUES_MAX),
  };
}
