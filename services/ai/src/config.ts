import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('ai').port));

export type AiConfig = ServiceConfig;

/** Reads and validates the ai service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AiConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
