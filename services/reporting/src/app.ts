import { createService, type HealthCheckDefinition, packageVersion, type ServiceApp, type ServiceDb, type ServiceLogger } from '@erp/kit';
import type { ReportingConfig } from './config.js';

export interface ReportingDeps {
  config: ReportingConfig;
  db: ServiceDb;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Builds the reporting service: the kit's operational routes; the domain routes are registered here as they come. */
export async function buildApp(deps: ReportingDeps): Promise<ServiceApp> {
  return createService({
    name: 'reporting',
    version: packageVersion(import.meta.url),
    config: deps.config,
    db: deps.db,
    checks: deps.checks,
    logger: deps.logger,
  });
}
