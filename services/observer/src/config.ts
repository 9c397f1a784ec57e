import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('observer').port));

export type ObserverConfig = ServiceConfig;

/** Reads and validates the observer service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ObserverConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
