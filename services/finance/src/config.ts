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

const Env = Type.Object({ ...serviceEnvProperties(getService('finance').port), ...tokenVerifierEnvProperties() });

export type FinanceConfig = ServiceConfig & TokenVerifierConfig;

/** Reads and validates the finance service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): FinanceConfig {
  const parsed = parseEnvOrExit(Env, env);
  return Object.freeze({ ...toServiceConfig(parsed), ...toTokenVerifierConfig(parsed) });
}
