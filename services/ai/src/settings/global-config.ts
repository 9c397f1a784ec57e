import Type, { type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { QuotaLimits } from '../domain/quota.js';
import type { TaskPolicy } from '../domain/task-policy.js';
import { type ProviderSettings, RESERVED_PROVIDER_NAMES_SET } from './provider-settings.js';
import { PROVIDER_NAME_PATTERN, providerFields, QuotaSchema, TASK_PATTERN, type TaskPolicyBody, TaskPolicySchema } from './schemas.js';
import { toModelSettings, toQuotaLimits, toTaskPolicy } from './to-domain.js';

const GlobalProviderSchema = Type.Object(
  {
    ...providerFields,
    // The key itself, or the name of the environment variable that holds it (keeps secrets out of the file).
    api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    api_key_env: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' })),
  },
  { additionalProperties: false },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TenantOverrideSchema = Type.Object(
  { weight: Type.Number({ minimum: 0.01, maximum: 100, default: 1 }), quotas: Type.Optional(QuotaSchema) },
  { additionalProperties: false },
);

// Records are checked entry by entry below: TypeBox neither applies defaults inside a record nor refuses keys
// that miss its key pattern.
const GlobalConfigSchema = Type.Object(
  {
    providers: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    tasks: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    quotas: Type.Optional(QuotaSchema),
    tenants: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
  },
  { additionalProperties: false },
);

function checked<Schema extends TSchema>(schema: Schema, value: unknown, where: string): Static<Schema> {
  const withDefaults = Value.Default(schema, value);
  const [first] = Value.Errors(schema, withDefaults);
  if (first) throw new Error(`AI configuration: ${where}${first.instancePath} ${first.message}`);
  return withDefaults as Static<Schema>;
}

function entries<Schema extends TSchema>(record: Record<string, unknown>, keyPattern: RegExp, schema: Schema, where: string): [string, Static<Schema>][] {
  return Object.entries(record).map(([key, value]) => {
    if (!keyPattern.test(key)) throw new Error(`AI configuration: ${where}/${key} is not a valid name`);
    return [key, checked(schema, value, `${where}/${key}`)];
  });
}

/** The operator's settings: providers every tenant may use, task policies, default quotas, per-tenant overrides. */
export interface GlobalAiSettings {
  readonly providers: readonly ProviderSettings[];
  readonly tasks: ReadonlyMap<string, TaskPolicy>;
  readonly quotas: QuotaLimits;
  readonly tenants: ReadonlyMap<string, { readonly weight: number; readonly quotas: QuotaLimits | undefined }>;
}

export const EMPTY_GLOBAL_SETTINGS: GlobalAiSettings = { providers: [], tasks: new Map(), quotas: {}, tenants: new Map() };

function apiKeyOf(name: string, provider: Static<typeof GlobalProviderSchema>, env: Record<string, string | undefined>): string | undefined {
  if (provider.api_key_env === undefined) return provider.api_key;
  const key = env[provider.api_key_env];
  if (!key) throw new Error(`AI configuration: provider ${name} takes its key from ${provider.api_key_env}, which is not set`);
  return key;
}

function toProvider(name: string, provider: Static<typeof GlobalProviderSchema>, env: Record<string, string | undefined>): ProviderSettings {
  if (RESERVED_PROVIDER_NAMES_SET.has(name)) throw new Error(`AI configuration: the provider name ${name} is reserved`);
  const apiKey = apiKeyOf(name, provider, env);
  if (provider.kind !== 'openai-compatible' && !apiKey) throw new Error(`AI configuration: provider ${name} (${provider.kind}) needs api_key or api_key_env`);
  if (provider.kind === 'openai-compatible' && !provider.base_url) throw new Error(`AI configuration: provider ${name} (openai-compatible) needs base_url`);
  return {
    name,
    kind: provider.kind,
    baseUrl: provider.base_url,
    apiKey,
    timeoutMs: provider.timeout_ms,
    maxConcurrency: provider.max_concurrency,
    models: provider.models.map(toModelSettings),
  };
}

function checkedPolicy(task: string, body: TaskPolicyBody): TaskPolicy {
  if (body.strategy === 'pinned' && body.model === undefined) throw new Error(`AI configuration: task ${task} is pinned but names no model`);
  return toTaskPolicy(body);
}

/**
 * Parses the operator's JSON settings (`AI_CONFIG_FILE` or `AI_CONFIG`); `env` resolves `api_key_env`. Throws an
 * error with one line naming the first problem, so that a bad file stops the start.
 */
export function parseGlobalConfig(text: string, env: Record<string, string | undefined>): GlobalAiSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`AI configuration is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = checked(GlobalConfigSchema, raw, '');
  const tenants = entries(parsed.tenants, UUID, TenantOverrideSchema, '/tenants').map(
    ([id, tenant]) => [id.toLowerCase(), { weight: tenant.weight, quotas: tenant.quotas && toQuotaLimits(tenant.quotas) }] as const,
  );
  return {
    providers: entries(parsed.providers, new RegExp(PROVIDER_NAME_PATTERN), GlobalProviderSchema, '/providers').map(([name, provider]) =>
      toProvider(name, provider, env),
    ),
    tasks: new Map(entries(parsed.tasks, new RegExp(TASK_PATTERN), TaskPolicySchema, '/tasks').map(([task, policy]) => [task, checkedPolicy(task, policy)])),
    quotas: parsed.quotas ? toQuotaLimits(parsed.quotas) : {},
    tenants: new Map(tenants),
  };
}
