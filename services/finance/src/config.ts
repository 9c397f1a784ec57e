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
  DUNNING_LEVEL_DAYS: Type.String({ default: '0,14,28', pattern: '^[0-9]{1,4}(,[0-9]{1,4}){0,8}$' }),
  BUSINESS_TIME_ZONE: Type.String({ default: 'Europe/Berlin', minLength: 1, maxLength: 64 }),
});

export type FinanceConfig = ServiceConfig &
  TokenVerifierConfig & {
    /** How often the overdue check runs; 0 switches it off. */
    readonly overdueCheckIntervalMs: number;
    /** Ascending: dunning level n is reached more than `dunningLevelDays[n - 1]` days after the due date. */
    readonly dunningLevelDays: readonly number[];
    /** The IANA time zone whose calendar day counts for due dates and dunning. */
    readonly businessTimeZone: string;
  };

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
    dunningLevelDays: Object.freeze(levelDays),
    businessTimeZone: parsed.BUSINESS_TIME_ZONE,
  });
}
