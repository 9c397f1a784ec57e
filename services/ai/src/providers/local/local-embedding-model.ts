import { estimateTextTokens } from '../../domain/token-estimate.js';
import type { EmbeddingModelV1 } from '../spec/embedding-model-v1.js';
import { words } from './text-features.js';

export const LOCAL_EMBEDDING_DIMENSIONS = 256;
export const LOCAL_EMBEDDING_MODEL_ID = `hashing-${LOCAL_EMBEDDING_DIMENSIONS}`;

// Character trigrams make spelling variants and compounds (Rechnung, Rechnungen, Eingangsrechnung) overlap.
const TRIGRAM_WEIGHT = 0.5;

/** FNV-1a, 32 bits: fast, stable across processes and versions, and good enough to spread features. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function features(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (feature: string, weight: number) => weights.set(feature, (weights.get(feature) ?? 0) + weight);
  for (const word of words(text)) {
    add(`w:${word}`, 1);
    const padded = `#${word}#`;
    for (let index = 0; index + 3 <= padded.length; index += 1) add(`c:${padded.slice(index, index + 3)}`, TRIGRAM_WEIGHT);
  }
  return weights;
}

/**
 * A bag-of-words vector by feature hashing: each word and character trigram is hashed to one of 256 slots with
 * a hashed sign, weighted by log(1 + count), and the vector is scaled to unit length (zero for a text without
 * words). Texts sharing words come out close; synonyms and paraphrases with other words do not. It is lexical
 * similarity, not meaning.
 */
export function hashingEmbedding(text: string): number[] {
  const vector = new Array<number>(LOCAL_EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, weight] of features(text)) {
    const hash = fnv1a(feature);
    const slot = hash % LOCAL_EMBEDDING_DIMENSIONS;
    const sign = fnv1a(`sign:${feature}`) & 1 ? -1 : 1;
    vector[slot] = (vector[slot] ?? 0) + sign * Math.log1p(weight);
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** The built-in embedding model: {@link hashingEmbedding}, no network; token counts are the service's estimate. */
export function createLocalEmbeddingModel(): EmbeddingModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'local.embedding',
    modelId: LOCAL_EMBEDDING_MODEL_ID,
    maxValuesPerCall: 2048,
    doEmbed: async (options) => ({
      embeddings: options.values.map(hashingEmbedding),
      usage: { inputTokens: options.values.reduce((sum, value) => sum + estimateTextTokens(value), 0) },
    }),
  };
}
