import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('auth').port));

export type AuthConfig = ServiceConfig;

/** Reads and validates the auth service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
