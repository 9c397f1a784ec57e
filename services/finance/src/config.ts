import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const Env = Type.Object({
  ...serviceEnvProperties(getService('finance').port),
  ...tokenVerifierEnvProperties(),
  OVERDUE_CHECK_INTERVAL_MS: Type.Integer({ default: 3_600_000, minimum: 0, maximum: 604_800_000 }),
  BALANCE_COMPACTION_INTERVAL_MS: Type.Integer({ default: 1_000, minimum: 0, maximum: 3_600_000 }),
  DUNNING_LEVEL_DAYS: Type.String({ default: '0,14,28', pattern: '^[0-9]{1,4}(,[0-9]{1,4}){0,8}$' }),
  BUSINESS_TIME_ZONE: Type.String({ default: 'Europe/Berlin', minLength: 1, maxLength: 64 }),
  FINANCE_DOCUMENTS_DIR: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  FINANCE_DOCUMENTS_MAX_BYTES: Type.Integer({ default: 20_971_520, minimum: 1024, maximum: 268_435_456 }),
  AI_GRPC_URL: Type.String({ default: '127.0.0.1:9003', pattern: '^(off|[A-Za-z0-9.-]{1,253}:[0-9]{1,5}|\\[[0-9A-Fa-f:.]{2,45}\\]:[0-9]{1,5})$' }),
  AI_GRPC_TIMEOUT_MS: Type.Integer({ default: 3000, minimum: 50, maximum: 60_000 }),
  AI_GRPC_BREAKER_FAILURES: Type.Integer({ default: 3, minimum: 1, maximum: 100 }),
  AI_GRPC_BREAKER_COOLDOWN_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 600_000 }),
});

// `.data/finance-documents` at the repository root, from src/ and dist/ alike (both lie three levels down).
const DEFAULT_DOCUMENTS_DIR = fileURLToPath(new URL('../../../.data/finance-documents', import.meta.url));

export type FinanceConfig = ServiceConfig &
  TokenVerifierConfig & {
    /** How often the overdue check runs; 0 switches it off. */
    readonly overdueCheckIntervalMs: number;
    /** The pause between two runs of the balance compaction; 0 switches it off. */
    readonly balanceCompactionIntervalMs: number;
    /** Ascending: dunning level n is reached more than `dunningLevelDays[n - 1]` days after the due date. */
    readonly dunningLevelDays: readonly number[];
    /** The IANA time zone whose calendar day counts for due dates and dunning. */
    readonly businessTimeZone: string;
    /** Where the documents' files are kept, content-addressed; absolute. */
    readonly documentsDir: string;
    /** The largest document upload, in bytes; a larger one is answered with 413. */
    readonly documentsMaxBytes: number;
    readonly ai: AiGrpcSettings;
  };

/** How finance reaches the ai service's finance intelligence over gRPC. */
export interface AiGrpcSettings {
  /** `host:port` of ai's gRPC server; undefined when `AI_GRPC_URL` is `off` (suggestions are then unavailable). */
  readonly address: string | undefined;
  /** The deadline of each call. */
  readonly timeoutMs: number;
  /** Failures in a row after which ai is not asked for `breakerCooldownMs`. */
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
}

function invalid(message: string): never {
  process.stderr.write(`Invalid environment: ${message}\n`);
  process.exit(1);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the finance service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): FinanceConfig {
  const parsed = parseEnvOrExit(Env, env);
  const levelDays = parsed.DUNNING_LEVEL_DAYS.split(',').map(Number);
  if (levelDays.some((days, index) => index > 0 && days <= (levelDays[index - 1] ?? -1))) {
    invalid(`DUNNING_LEVEL_DAYS=${parsed.DUNNING_LEVEL_DAYS} (the days must rise from level to level)`);
  }
  if (!isTimeZone(parsed.BUSINESS_TIME_ZONE)) invalid(`BUSINESS_TIME_ZONE=${parsed.BUSINESS_TIME_ZONE} (not an IANA time zone)`);
  return Object.freeze({
    ...toServiceConfig(parsed),
    ...toTokenVerifierConfig(parsed),
    overdueCheckIntervalMs: parsed.OVERDUE_CHECK_INTERVAL_MS,
    balanceCompactionIntervalMs: parsed.BALANCE_COMPACTION_INTERVAL_MS,
    dunningLevelDays: Object.freeze(levelDays),
    businessTimeZone: parsed.BUSINESS_TIME_ZONE,
    documentsDir: resolve(parsed.FINANCE_DOCUMENTS_DIR ?? DEFAULT_DOCUMENTS_DIR),
    documentsMaxBytes: parsed.FINANCE_DOCUMENTS_MAX_BYTES,
    ai: Object.freeze({
      address: parsed.AI_GRPC_URL === 'off' ? undefined : parsed.AI_GRPC_URL,
      timeoutMs: parsed.AI_GRPC_TIMEOUT_MS,
      breakerFailures: parsed.AI_GRPC_BREAKER_FAILURES,
      breakerCooldownMs: parsed.AI_GRPC_BREAKER_COOLDOWN_MS,
    }),
  });
}
