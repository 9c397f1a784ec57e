import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('reporting').port));

export type ReportingConfig = ServiceConfig;

/** Reads and validates the reporting service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ReportingConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
