import { Decimal } from 'decimal.js';
import type { Static } from 'typebox';
import { toNanoEur } from '../domain/cost.js';
import type { Capabilities, Price } from '../domain/deployment.js';
import type { QuotaLimits } from '../domain/quota.js';
import type { RoutingStrategy } from '../domain/routing.js';
import type { TaskPolicy } from '../domain/task-policy.js';
import type { CapabilitiesSchema, ModelSchema, QuotaBody, TaskPolicyBody } from './schemas.js';

/** A model of a provider, as settings describe it. */
export interface ModelSettings {
  readonly id: string;
  readonly capabilities: Capabilities;
  readonly price: Price;
}

export function toCapabilities(body: Static<typeof CapabilitiesSchema>): Capabilities {
  return {
    chat: body.chat,
    embeddings: body.embeddings,
    tools: body.tools,
    json: body.json,
    streaming: body.streaming,
    contextTokens: body.context_tokens,
  };
}

export function toModelSettings(body: Static<typeof ModelSchema>): ModelSettings {
  return {
    id: body.id,
    capabilities: toCapabilities(body.capabilities),
    price: { inputEurPerMillion: body.price.input_eur_per_million, outputEurPerMillion: body.price.output_eur_per_million },
  };
}

export function modelSettingsToBody(model: ModelSettings): Static<typeof ModelSchema> {
  const { capabilities, price } = model;
  return {
    id: model.id,
    capabilities: {
      chat: capabilities.chat,
      embeddings: capabilities.embeddings,
      tools: capabilities.tools,
      json: capabilities.json,
      streaming: capabilities.streaming,
      context_tokens: capabilities.contextTokens,
    },
    price: { input_eur_per_million: price.inputEurPerMillion, output_eur_per_million: price.outputEurPerMillion },
  };
}

export function toTaskPolicy(body: TaskPolicyBody): TaskPolicy {
  return {
    strategy: body.strategy as RoutingStrategy,
    model: body.model,
    fallback: body.fallback,
    fallbackToLocal: body.fallback_to_local,
    maxAttempts: body.max_attempts,
    cacheTtlS: body.cache_ttl_s,
    semanticCache: body.semantic_cache,
    semanticThreshold: body.semantic_threshold,
    semanticEmbeddingModel: body.semantic_embedding_model,
    maxOutputTokens: body.max_output_tokens,
  };
}

export function taskPolicyToBody(policy: TaskPolicy): TaskPolicyBody {
  return {
    strategy: policy.strategy,
    ...(policy.model !== undefined ? { model: policy.model } : {}),
    fallback: policy.fallback,
    fallback_to_local: policy.fallbackToLocal,
    max_attempts: policy.maxAttempts,
    cache_ttl_s: policy.cacheTtlS,
    max_output_tokens: policy.maxOutputTokens,
    semantic_cache: policy.semanticCache,
    semantic_threshold: policy.semanticThreshold,
    ...(policy.semanticEmbeddingModel !== undefined ? { semantic_embedding_model: policy.semanticEmbeddingModel } : {}),
  };
}

export function toQuotaLimits(body: QuotaBody): QuotaLimits {
  return {
    requestsPerMinute: body.requests_per_minute ?? undefined,
    tokensPerMinute: body.tokens_per_minute ?? undefined,
    monthlyBudgetNanoEur: body.monthly_budget_eur == null ? undefined : toNanoEur(new Decimal(body.monthly_budget_eur)),
  };
}
