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
  ...serviceEnvProperties(getService('core').port),
  ...tokenVerifierEnvProperties(),
  IMPORT_BODY_LIMIT_BYTES: Type.Integer({ default: 5_242_880, minimum: 1024, maximum: 104_857_600 }),
  IMPORT_ROWS_MAX: Type.Integer({ default: 5000, minimum: 1, maximum: 100_000 }),
});

export interface CoreConfig extends ServiceConfig, TokenVerifierConfig {
  /** The largest CSV file POST /customers/import accepts; JSON bodies keep BODY_LIMIT_BYTES. */
  readonly importBodyLimitBytes: number;
  /** The most data rows one CSV import may hold. */
  readonly importRowsMax: number;
}

/** Reads and validates the core service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CoreConfig {
  const parsed = parseEnvOrExit(Env, env);
  return Object.freeze({
    ...toServiceConfig(parsed),
    ...toTokenVerifierConfig(parsed),
    importBodyLimitBytes: parsed.IMPORT_BODY_LIMIT_BYTES,
    importRowsMax: parsed.IMPORT_ROWS_MAX,
  });
}
