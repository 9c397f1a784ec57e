import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('finance').port));

export type FinanceConfig = ServiceConfig;

/** Reads and validates the finance service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): FinanceConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
