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

// Comma-separated task names, as TASK_PATTERN allows them; empty for none.
const TASK_LIST_PATTERN = '^([a-z][a-z0-9-]{0,62}(,[a-z][a-z0-9-]{0,62}){0,99})?$';

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
  AI_LEDGER_DEPENDENT_TASKS: Type.String({ pattern: TASK_LIST_PATTERN, default: 'forecast,liquidity-forecast,anomaly-explanation' }),
  AI_SEMANTIC_CACHE_ENTRIES_MAX: Type.Integer({ minimum: 100, maximum: 1_000_000, default: 20_000 }),
  AI_BATCH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  AI_BATCH_WAIT_MAX_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 600_000 }),
  AI_BATCH_LEASE_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 60_000 }),
  AI_BATCH_SWEEP_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  AI_BATCH_REQUEUE_AFTER_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 900_000 }),
  AI_BATCH_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 366, default: 7 }),
  GATEWAY_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CORE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  FINANCE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  AI_ASSISTANT_MAX_STEPS: Type.Integer({ minimum: 1, maximum: 20, default: 6 }),
  AI_ASSISTANT_MAX_TOOL_CALLS: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  AI_ASSISTANT_TIME_LIMIT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 60_000 }),
  AI_ASSISTANT_TOOL_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  AI_ASSISTANT_TOOL_OUTPUT_MAX_CHARS: Type.Integer({ minimum: 500, maximum: 100_000, default: 8000 }),
  AI_GRPC_PORT: Type.String({ pattern: '^([0-9]{1,5}|off)$', default: '9003', description: '0 or off: no gRPC server' }),
  AI_GRPC_MAX_MESSAGE_BYTES: Type.Integer({ minimum: 16_384, maximum: 16_777_216, default: 1_048_576 }),
  AI_GRPC_MAX_CONCURRENT_CALLS: Type.Integer({ minimum: 1, maximum: 10_000, default: 64 }),
  AI_GRPC_CALL_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  AI_GRPC_SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 5000 }),
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
  readonly assistant: AssistantSettings;
  readonly cache: CacheSettings;
  readonly batch: BatchSettings;
  readonly grpc: GrpcSettings;
}

/** Settings of the gRPC server that serves finance (`FinanceIntelligence`). */
export interface GrpcSettings {
  /** The port; undefined when `AI_GRPC_PORT` is 0 or `off` (no gRPC server). */
  readonly port: number | undefined;
  /** The largest message received or sent; a larger one is refused with RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes: number;
  /** Calls served at once; more are refused with RESOURCE_EXHAUSTED. */
  readonly maxConcurrentCalls: number;
  /** The longest a call may take when its deadline is later or absent. */
  readonly callTimeoutMs: number;
  /** How long a shutdown waits for calls in flight before it cancels them. */
  readonly shutdownGraceMs: number;
}

/** Settings of the caches beyond the task policies. */
export interface CacheSettings {
  /** Tasks whose cached answers a finance posting makes stale: they are scoped by the tenant's ledger generation. */
  readonly ledgerDependentTasks: ReadonlySet<string>;
  /** Semantic entries kept in process when there is no Redis. */
  readonly semanticEntriesMax: number;
}

/** Settings of deferred batch jobs. */
export interface BatchSettings {
  /** Batch jobs one instance runs at the same time. */
  readonly concurrency: number;
  /** How long a delivered job waits for capacity before it is left for a later delivery. */
  readonly waitMaxMs: number;
  /** How long a claim on a running job lasts without renewal (a crashed instance's jobs run again after it). */
  readonly leaseMs: number;
  /** How often each instance looks for jobs to deliver again. */
  readonly sweepMs: number;
  /** A job still queued this long after its delivery is delivered again. */
  readonly requeueAfterMs: number;
  readonly retentionDays: number;
}

/** Settings of the assistant: where the services its tools call are, and the bounds of one turn. */
export interface AssistantSettings {
  /** Base URL of core (search, stock), without a trailing slash. */
  readonly coreUrl: string;
  /** Base URL of finance (open items, reports, drafts), without a trailing slash. */
  readonly financeUrl: string;
  /** Language-model calls one turn may make. */
  readonly maxSteps: number;
  /** Tool calls one turn may make. */
  readonly maxToolCalls: number;
  /** How long one turn may take, tools and model calls together. */
  readonly timeLimitMs: number;
  /** How long one call of core or finance may take. */
  readonly toolTimeoutMs: number;
  /** Characters of a tool's result that the model (and the client) get; more are cut. */
  readonly toolOutputMaxChars: number;
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

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** `AI_GRPC_PORT`: a port, or 0 / `off` for no gRPC server. */
function grpcPortOrExit(value: string): number | undefined {
  if (value === 'off' || Number(value) === 0) return undefined;
  const port = Number(value);
  if (port <= 65_535) return port;
  process.stderr.write(`Invalid environment: AI_GRPC_PORT=${value} (a port up to 65535, or 0 or off)\n`);
  process.exit(1);
}

/**
 * Each service's own variable wins; else the gateway, which routes `/api/v1/search` to core and
 * `/api/v1/finance` to finance; else the service's catalogue port on loopback.
 */
function serviceUrl(own: string | undefined, gateway: string | undefined, name: 'core' | 'finance'): string {
  return trimSlash(own ?? gateway ?? `http://127.0.0.1:${getService(name).port}`);
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
    cache: Object.freeze({
      ledgerDependentTasks: new Set(parsed.AI_LEDGER_DEPENDENT_TASKS.split(',').filter((task) => task.length > 0)),
      semanticEntriesMax: parsed.AI_SEMANTIC_CACHE_ENTRIES_MAX,
    }),
    batch: Object.freeze({
      concurrency: parsed.AI_BATCH_CONCURRENCY,
      waitMaxMs: parsed.AI_BATCH_WAIT_MAX_MS,
      leaseMs: parsed.AI_BATCH_LEASE_MS,
      sweepMs: parsed.AI_BATCH_SWEEP_MS,
      requeueAfterMs: parsed.AI_BATCH_REQUEUE_AFTER_MS,
      retentionDays: parsed.AI_BATCH_RETENTION_DAYS,
    }),
    assistant: Object.freeze({
      coreUrl: serviceUrl(parsed.CORE_URL, parsed.GATEWAY_URL, 'core'),
      financeUrl: serviceUrl(parsed.FINANCE_URL, parsed.GATEWAY_URL, 'finance'),
      maxSteps: parsed.AI_ASSISTANT_MAX_STEPS,
      maxToolCalls: parsed.AI_ASSISTANT_MAX_TOOL_CALLS,
      timeLimitMs: parsed.AI_ASSISTANT_TIME_LIMIT_MS,
      toolTimeoutMs: parsed.AI_ASSISTANT_TOOL_TIMEOUT_MS,
      toolOutputMaxChars: parsed.AI_ASSISTANT_TOOL_OUTPUT_MAX_CHARS,
    }),
    grpc: Object.freeze({
      port: grpcPortOrExit(parsed.AI_GRPC_PORT),
      maxMessageBytes: parsed.AI_GRPC_MAX_MESSAGE_BYTES,
      maxConcurrentCalls: parsed.AI_GRPC_MAX_CONCURRENT_CALLS,
      callTimeoutMs: parsed.AI_GRPC_CALL_TIMEOUT_MS,
      shutdownGraceMs: parsed.AI_GRPC_SHUTDOWN_GRACE_MS,
    }),
  });
}
