import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { listProviderConfigs, type ProviderConfigRow } from '../db/provider-configs.js';
import type { AiDb } from '../db/schema.js';
import { listTaskPolicies, type TaskPolicyRow } from '../db/task-policies.js';
import { findTenantQuota } from '../db/tenant-quotas.js';
import { effectiveLimits, type QuotaLimits } from '../domain/quota.js';
import type { TaskPolicy } from '../domain/task-policy.js';
import type { KeyCipher } from '../keys/key-encryption.js';
import { createProvider } from '../providers/create-provider.js';
import { builtinDeployments, providerDeployments, type ResolvedDeployment } from './deployments.js';
import type { GlobalAiSettings } from './global-config.js';
import type { ProviderSettings } from './provider-settings.js';
import { toModelSettings, toQuotaLimits, toTaskPolicy } from './to-domain.js';

/** Everything that decides how one tenant's requests are served. */
export interface TenantSettings {
  readonly tenantId: string;
  /** The built-in engine, the installation's providers, then the tenant's own. */
  readonly deployments: readonly ResolvedDeployment[];
  /** The tenant's own task policies. */
  readonly policies: ReadonlyMap<string, TaskPolicy>;
  /** The operator's and the tenant's limits combined. */
  readonly quotaLimits: QuotaLimits;
  readonly weight: number;
}

export interface TenantSettingsSource {
  get(tenantId: string): Promise<TenantSettings>;
  /** Drops this instance's copy after a change; other instances see it within the time to live. */
  invalidate(tenantId: string): void;
}

export interface TenantSettingsOptions {
  db: Kysely<AiDb>;
  global: GlobalAiSettings;
  cipher: KeyCipher;
  ttlMs: number;
  /** The `fetch` for the operator's providers. */
  operatorFetch: typeof globalThis.fetch;
  /** The `fetch` for tenants' providers (the address guard, unless the operator allows private addresses). */
  tenantFetch: typeof globalThis.fetch;
}

export function rowToProviderSettings(row: ProviderConfigRow, cipher: KeyCipher): ProviderSettings {
  return {
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url ?? undefined,
    apiKey: row.api_key_sealed === null ? undefined : cipher.decrypt(row.api_key_sealed),
    timeoutMs: row.timeout_ms,
    maxConcurrency: row.max_concurrency,
    models: row.models.map(toModelSettings),
  };
}

export function rowToTaskPolicy(row: TaskPolicyRow): TaskPolicy {
  return toTaskPolicy({
    strategy: row.strategy as TaskPolicy['strategy'],
    model: row.model ?? undefined,
    fallback: row.fallback,
    fallback_to_local: row.fallback_to_local,
    max_attempts: row.max_attempts,
    cache_ttl_s: row.cache_ttl_s,
    max_output_tokens: row.max_output_tokens,
    semantic_cache: row.semantic_cache,
    semantic_threshold: row.semantic_threshold,
    semantic_embedding_model: row.semantic_embedding_model ?? undefined,
  });
}

const ENTRIES_MAX = 10_000;

/** Reads a tenant's settings from the database and keeps them for `ttlMs`, so a request normally costs no query. */
export function createTenantSettingsSource(options: TenantSettingsOptions): TenantSettingsSource {
  const shared = [
    ...builtinDeployments(),
    ...options.global.providers.flatMap((provider) => providerDeployments('global', provider, createProvider(provider, options.operatorFetch))),
  ];
  const cached = new Map<string, { settings: Promise<TenantSettings>; untilMs: number }>();

  async function load(tenantId: string): Promise<TenantSettings> {
    const [providers, policies, quota] = await withTenant(options.db, tenantId, (trx) =>
      Promise.all([listProviderConfigs(trx, tenantId), listTaskPolicies(trx, tenantId), findTenantQuota(trx, tenantId)]),
    );
    const own = providers.flatMap((row) => {
      const settings = rowToProviderSettings(row, options.cipher);
      return providerDeployments(`tenant/${tenantId}`, settings, createProvider(settings, options.tenantFetch));
    });
    const override = options.global.tenants.get(tenantId);
    const operatorLimits = effectiveLimits(options.global.quotas, override?.quotas ?? {});
    const tenantLimits = quota
      ? toQuotaLimits({
          requests_per_minute: quota.requests_per_minute,
          tokens_per_minute: quota.tokens_per_minute,
          monthly_budget_eur: quota.monthly_budget_eur,
        })
      : {};
    return {
      tenantId,
      deployments: [...shared, ...own],
      policies: new Map(policies.map((row) => [row.task, rowToTaskPolicy(row)])),
      quotaLimits: effectiveLimits(operatorLimits, tenantLimits),
      weight: override?.weight ?? 1,
    };
  }

  return {
    get(tenantId) {
      const now = Date.now();
      const entry = cached.get(tenantId);
      if (entry && entry.untilMs > now) return entry.settings;
      const settings = load(tenantId);
      if (cached.size >= ENTRIES_MAX) cached.delete(cached.keys().next().value as string);
      cached.set(tenantId, { settings, untilMs: now + options.ttlMs });
      settings.catch(() => cached.delete(tenantId));
      return settings;
    },
    invalidate(tenantId) {
      cached.delete(tenantId);
    },
  };
}
