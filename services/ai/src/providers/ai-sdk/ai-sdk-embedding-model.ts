import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import { estimateTextTokens } from '../../domain/token-estimate.js';
import type { EmbeddingModelV1 } from '../spec/embedding-model-v1.js';
import { toProviderError } from './to-provider-error.js';

/** Adapts an embedding model of an AI SDK provider package to {@link EmbeddingModelV1}, with the errors mapped. */
export function fromAiSdkEmbeddingModel(model: EmbeddingModelV4, maxValuesPerCall: number): EmbeddingModelV1 {
  return {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    maxValuesPerCall,
    async doEmbed(options) {
      try {
        const result = await model.doEmbed({ values: [...options.values], abortSignal: options.abortSignal });
        const inputTokens = result.usage?.tokens ?? options.values.reduce((sum, value) => sum + estimateTextTokens(value), 0);
        return { embeddings: result.embeddings, usage: { inputTokens } };
      } catch (error) {
        throw toProviderError(error, model);
      }
    },
  };
}
