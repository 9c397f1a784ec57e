import { createService, type HealthCheckDefinition, packageVersion, type ServiceApp, type ServiceDb, type ServiceLogger } from '@erp/kit';
import type { CoreConfig } from './config.js';

export interface CoreDeps {
  config: CoreConfig;
  db: ServiceDb;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Builds the core service: the kit's operational routes; the domain routes are registered here as they come. */
export async function buildApp(deps: CoreDeps): Promise<ServiceApp> {
  return createService({ name: 'core', version: packageVersion(import.meta.url), config: deps.config, db: deps.db, checks: deps.checks, logger: deps.logger });
}
