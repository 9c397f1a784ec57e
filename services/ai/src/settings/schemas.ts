import Type, { type Static } from 'typebox';
import { DEFAULT_SEMANTIC_THRESHOLD } from '../domain/task-policy.js';

/** `<provider>/<model>` names split at the first slash, so provider names may not contain one. */
export const PROVIDER_NAME_PATTERN = '^[a-z][a-z0-9-]{0,39}$';
export const TASK_PATTERN = '^[a-z][a-z0-9-]{0,62}$';
/** Names the service gives meaning to: the built-in engine and automatic routing. */
export const RESERVED_PROVIDER_NAMES = ['local', 'auto'];

// Up to six decimals of EUR per million tokens keeps every cost an exact number of pico-euros.
const EurPerMillion = Type.String({ pattern: '^(0|[1-9][0-9]{0,5})(\\.[0-9]{1,6})?$', maxLength: 13 });

export const CapabilitiesSchema = Type.Object(
  {
    chat: Type.Boolean(),
    embeddings: Type.Boolean({ default: false }),
    tools: Type.Boolean({ default: false }),
    json: Type.Boolean({ default: false }),
    streaming: Type.Boolean({ default: true }),
    context_tokens: Type.Integer({ minimum: 256, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export const ModelSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' }),
    capabilities: CapabilitiesSchema,
    price: Type.Object({ input_eur_per_million: EurPerMillion, output_eur_per_million: EurPerMillion }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const RemoteKindSchema = Type.Union([Type.Literal('openai'), Type.Literal('anthropic'), Type.Literal('mistral'), Type.Literal('openai-compatible')]);

/** The fields of a provider that the global file and the admin API share. */
export const providerFields = {
  kind: RemoteKindSchema,
  base_url: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 })),
  timeout_ms: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  max_concurrency: Type.Integer({ minimum: 1, maximum: 1000, default: 8 }),
  models: Type.Array(ModelSchema, { minItems: 1, maxItems: 50 }),
};

export const StrategySchema = Type.Union([Type.Literal('cheapest'), Type.Literal('fastest'), Type.Literal('pinned'), Type.Literal('local-only')]);

export const TaskPolicySchema = Type.Object(
  {
    strategy: StrategySchema,
    model: Type.Optional(Type.String({ minLength: 3, maxLength: 241 })),
    fallback: Type.Boolean({ default: true }),
    fallback_to_local: Type.Boolean({ default: false }),
    max_attempts: Type.Integer({ minimum: 1, maximum: 5, default: 3 }),
    cache_ttl_s: Type.Integer({ minimum: 0, maximum: 604_800, default: 3600 }),
    max_output_tokens: Type.Integer({ minimum: 1, maximum: 100_000, default: 1024 }),
    semantic_cache: Type.Boolean({ default: false }),
    semantic_threshold: Type.Number({ minimum: 0.5, maximum: 1, default: DEFAULT_SEMANTIC_THRESHOLD }),
    semantic_embedding_model: Type.Optional(Type.String({ minLength: 3, maxLength: 241 })),
  },
  { additionalProperties: false },
);
export type TaskPolicyBody = Static<typeof TaskPolicySchema>;

// A budget above a million EUR a month would leave the range in which nano-euro counters are exact in Lua.
export const QuotaSchema = Type.Object(
  {
    requests_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
    tokens_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()])),
    monthly_budget_eur: Type.Optional(Type.Union([Type.String({ pattern: '^(0|[1-9][0-9]{0,5})(\\.[0-9]{1,9})?$', maxLength: 17 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type QuotaBody = Static<typeof QuotaSchema>;
