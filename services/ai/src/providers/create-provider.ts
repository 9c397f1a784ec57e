import type { ProviderSettings } from '../settings/provider-settings.js';
import { createAnthropicProvider } from './anthropic/anthropic-provider.js';
import { createMistralProvider } from './mistral/mistral-provider.js';
import { createOpenAiProvider } from './openai/openai-provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import type { ProviderV1 } from './spec/provider-v1.js';

/** Builds the vendor adapter for a configured provider; `fetch` is the operator's plain one or the tenants' guarded one. */
export function createProvider(settings: ProviderSettings, fetch?: typeof globalThis.fetch): ProviderV1 {
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
