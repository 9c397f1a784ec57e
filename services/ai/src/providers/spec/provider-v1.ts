import type { ChatModelV1 } from './chat-model-v1.js';
import type { EmbeddingModelV1 } from './embedding-model-v1.js';

/** The vendors (and the built-in engine) a provider can be made for. */
export type ProviderKind = 'openai' | 'anthropic' | 'mistral' | 'openai-compatible' | 'local';

/** A configured provider: hands out models by the vendor's model id. */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  readonly kind: ProviderKind;
  chatModel(modelId: string): ChatModelV1;
  /** `undefined` when the vendor offers no embeddings (Anthropic). */
  embeddingModel(modelId: string): EmbeddingModelV1 | undefined;
}

/** What every vendor factory takes: explicit settings, and an injected `fetch` for tests and the address guard. */
export interface ProviderSettingsV1 {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
}
