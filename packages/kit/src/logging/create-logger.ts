import { pino } from 'pino';
import { instanceId } from '../health/health-route.js';

/** The logger every part of a service shares: pino JSON lines with `service` and `instance` on each. */
export type ServiceLogger = pino.Logger;

/**
 * Creates a service's logger. `createService` and the platform parts (relay, transport) take the same one,
 * so every line of a process carries the same bindings.
 *
 * ### Example
 * ```ts
 * const logger = createLogger({ service: 'core', level: config.logLevel, port: config.port });
 * logger.info({ orders: 3 }, 'orders imported');
 * ```
 */
export function createLogger(options: { service: string; level: string; port: number }): ServiceLogger {
  return pino({
    level: options.level,
    base: { service: options.service, instance: instanceId(options.service, options.port) },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  });
}
