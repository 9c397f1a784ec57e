import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getService } from '@erp/contracts';
import {
  parseEnvOrExit,
  type ServiceConfig,
  serviceEnvProperties,
  type TokenVerifierConfig,
  tokenVerifierEnvProperties,
  toServiceConfig,
  toTokenVerifierConfig,
} from '@erp/kit';
import Type from 'typebox';
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from './domain/circuit-breaker.js';
import { EMPTY_GLOBAL_SETTINGS, type GlobalAiSettings, parseGlobalConfig } from './settings/global-config.js';

const Env = Type.Object({
  ...serviceEnvProperties(getService('ai').port),
  ...tokenVerifierEnvProperties(),
  AI_CONFIG_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AI_CONFIG: Type.Optional(Type.String({ minLength: 2 })),
  AI_KEY_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  AI_ALLOW_PRIVATE_PROVIDER_URLS: Type.Boolean({ default: false }),
  AI_TENANT_SETTINGS_TTL_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 5000 }),
  AI_API_KEY_CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 900_000, default: 60_000 }),
  AI_QUEUE_TIMEOUT_MS: Type.Integer({ minimum: 1, maximum: 600_000, default: 30_000 }),
  AI_QUEUE_LENGTH_MAX: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
  AI_BREAKER_WINDOW: Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULT_BREAKER_SETTINGS.windowSize }),
  AI_BREAKER_MIN_CALLS: Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULT_BREAKER_SETTINGS.minimumCalls }),
  AI_BREAKER_FAILURE_RATE: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: DEFAULT_BREAKER_SETTINGS.failureRateThreshold }),
  AI_BREAKER_COOLDOWN_MS: Type.Integer({ minimum: 1, maximum: 3_600_000, default: DEFAULT_BREAKER_SETTINGS.cooldownMs }),
  AI_BREAKER_COOLDOWN_MAX_MS: Type.Integer({ minimum: 1, maximum: 86_400_000, default: DEFAULT_BREAKER_SETTINGS.cooldownMsMax }),
  AI_USAGE_FLUSH_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  AI_METRICS_TENANT_LABEL: Type.Boolean({ default: false }),
  AI_APPROVAL_LIMITS_EUR: Type.String({ pattern: '^[0-9]{1,9}(\\.[0-9]{1,2})?(,[0-9]{1,9}(\\.[0-9]{1,2})?){0,9}$', default: '1000,5000,10000' }),
  AI_LEDGER_TIME_ZONE: Type.String({ minLength: 1, maxLength: 64, default: 'Europe/Berlin' }),
  AI_INTELLIGENCE_CACHE_TTL_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 600_000 }),
  AI_LEDGER_ENTRIES_MAX: Type.Integer({ minimum: 100, maximum: 2_000_000, default: 200_000 }),
});

export interface AiConfig extends ServiceConfig, TokenVerifierConfig {
  /** The auth service's base URL: API keys are exchanged at its token endpoint. */
  readonly authUrl: string;
  readonly global: GlobalAiSettings;
  /** The secret tenants' provider keys are encrypted under. */
  readonly keySecret: string;
  /** Whether tenants may point providers at plain http and at private, loopback or link-local addresses. */
  readonly allowPrivateProviderUrls: boolean;
  readonly tenantSettingsTtlMs: number;
  readonly apiKeyCacheTtlMs: number;
  readonly queueTimeoutMs: number;
  readonly queueLengthMax: number;
  readonly breaker: BreakerSettings;
  readonly usageFlushMs: number;
  readonly metricsTenantLabel: boolean;
  readonly intelligence: IntelligenceSettings;
}

/** Settings of the finance intelligence (suggestions, anomalies, forecasts). */
export interface IntelligenceSettings {
  /** Payment approval limits in EUR, ascending. */
  readonly approvalLimits: readonly number[];
  /** IANA time zone posting times are judged in. */
  readonly timeZone: string;
  readonly cacheTtlMs: number;
  /** Entries one anomaly analysis may read (the range and its history). */
  readonly entriesMax: number;
}

function timeZoneOrExit(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    process.stderr.write(`Invalid environment: AI_LEDGER_TIME_ZONE=${timeZone} (an IANA time zone such as Europe/Berlin expected)\n`);
    process.exit(1);
  }
}

/** Like auth's signing-key secret: derived from the admin password, so every instance computes the same one. */
function deriveKeySecret(databaseUrl: string): string {
  const password = new URL(databaseUrl).password || 'erp-no-admin-password';
  return createHmac('sha256', password).update('erp_ai_provider_keys').digest('base64url');
}

function globalSettings(file: string | undefined, inline: string | undefined, env: Record<string, string | undefined>): GlobalAiSettings {
  if (file !== undefined && inline !== undefined) throw new Error('Set AI_CONFIG_FILE or AI_CONFIG, not both');
  if (file !== undefined) return parseGlobalConfig(readFileSync(file, 'utf8'), env);
  return inline === undefined ? EMPTY_GLOBAL_SETTINGS : parseGlobalConfig(inline, env);
}

function globalSettingsOrExit(file: string | undefined, inline: string | undefined, env: Record<string, string | undefined>): GlobalAiSettings {
  try {
    return globalSettings(file, inline, env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** Reads and validates the ai service's environment (and its providers file) once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AiConfig {
  const parsed = parseEnvOrExit(Env, env);
  return Object.freeze({
    ...toServiceConfig(parsed),
    ...toTokenVerifierConfig(parsed),
    authUrl: parsed.AUTH_URL.replace(/\/+$/, ''),
    global: globalSettingsOrExit(parsed.AI_CONFIG_FILE, parsed.AI_CONFIG, env),
    keySecret: parsed.AI_KEY_SECRET ?? deriveKeySecret(parsed.DATABASE_URL),
    allowPrivateProviderUrls: parsed.AI_ALLOW_PRIVATE_PROVIDER_URLS,
    tenantSettingsTtlMs: parsed.AI_TENANT_SETTINGS_TTL_MS,
    apiKeyCacheTtlMs: parsed.AI_API_KEY_CACHE_TTL_MS,
    queueTimeoutMs: parsed.AI_QUEUE_TIMEOUT_MS,
    queueLengthMax: parsed.AI_QUEUE_LENGTH_MAX,
    breaker: Object.freeze({
      windowSize: parsed.AI_BREAKER_WINDOW,
      minimumCalls: parsed.AI_BREAKER_MIN_CALLS,
      failureRateThreshold: parsed.AI_BREAKER_FAILURE_RATE,
      cooldownMs: parsed.AI_BREAKER_COOLDOWN_MS,
      cooldownMsMax: parsed.AI_BREAKER_COOLDOWN_MAX_MS,
    }),
    usageFlushMs: parsed.AI_USAGE_FLUSH_MS,
    metricsTenantLabel: parsed.AI_METRICS_TENANT_LABEL,
    intelligence: Object.freeze({
      approvalLimits: Object.freeze(
        parsed.AI_APPROVAL_LIMITS_EUR.split(',')
          .map(Number)
          .sort((a, b) => a - b),
      ),
      timeZone: timeZoneOrExit(parsed.AI_LEDGER_TIME_ZONE),
      cacheTtlMs: parsed.AI_INTELLIGENCE_CACHE_TTL_MS,
      entriesMax: parsed.AI_LEDGER_ENTRIES_MAX,
    }),
  });
}
