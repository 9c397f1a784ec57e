import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';

const Env = Type.Object(serviceEnvProperties(getService('notification').port));

export type NotificationConfig = ServiceConfig;

/** Reads and validates the notification service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): NotificationConfig {
  return toServiceConfig(parseEnvOrExit(Env, env));
}
