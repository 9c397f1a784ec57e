import type { ProviderSettings } from '../settings/provider-settings.js';
import { createAnthropicProvider } from './anthropic/anthropic-provider.js';
import { createMistralProvider } from './mistral/mistral-provider.js';
import { createOpenAiProvider } from './openai/openai-provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import type { ChatModelV1 } from './spec/chat-model-v1.js';
import type { EmbeddingModelV1 } from './spec/embedding-model-v1.js';
import type { ProviderV1 } from './spec/provider-v1.js';

/**
 * The provider with its models made once per model id: an AI SDK model builds its response schemas when it is
 * made, which cost more CPU than the rest of a call through the gateway when repeated for every request.
 */
function reusingModels(provider: ProviderV1): ProviderV1 {
  const chatModels = new Map<string, ChatModelV1>();
  const embeddingModels = new Map<string, EmbeddingModelV1 | undefined>();
  return {
    ...provider,
    chatModel(modelId) {
      const known = chatModels.get(modelId);
      if (known) return known;
      const model = provider.chatModel(modelId);
      chatModels.set(modelId, model);
      return model;
    },
    embeddingModel(modelId) {
      if (!embeddingModels.has(modelId)) embeddingModels.set(modelId, provider.embeddingModel(modelId));
      return embeddingModels.get(modelId);
    },
  };
}

/** Builds the vendor adapter for a configured provider; `fetch` is the operator's plain one or the tenants' guarded one. */
export function createProvider(settings: ProviderSettings, fetch?: typeof globalThis.fetch): ProviderV1 {
  return reusingModels(createVendorProvider(settings, fetch));
}

function createVendorProvider(settings: ProviderSettings, fetch?: typeof globalThis.fetch): ProviderV1 {
  const common = { apiKey: settings.apiKey, baseUrl: settings.baseUrl, fetch };
  switch (settings.kind) {
    case 'openai':
      return createOpenAiProvider(common);
    case 'anthropic':
      return createAnthropicProvider(common);
    case 'mistral':
      return createMistralProvider(common);
    case 'openai-compatible':
      return createOpenAiCompatibleProvider({ ...common, name: settings.name, baseUrl: settings.baseUrl ?? '' });
  }
}
