import {
  createService,
  createTokenVerifier,
  type HealthCheckDefinition,
  packageVersion,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type TokenVerifier,
} from '@erp/kit';
import type { FinanceConfig } from './config.js';
import type { FinanceDb } from './db/schema.js';
import type { LedgerContext } from './ledger/context.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { fiscalYearRoutes } from './routes/fiscal-years.js';
import { reportRoutes } from './routes/reports.js';
import { setupRoutes } from './routes/setup.js';
import { taxCodeRoutes } from './routes/tax-codes.js';
import { transactionRoutes } from './routes/transactions.js';

export interface FinanceDeps {
  config: FinanceConfig;
  db: ServiceDb<FinanceDb>;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
  /** Verifies access tokens; by default against the auth service's JWKS. Tests pass a local one. */
  verifier?: TokenVerifier;
  /** The clock postings and period changes are stamped with. */
  clock?: () => Date;
}

/** Builds the finance service: chart of accounts, fiscal years, the journal, the trial balance and the audit chain. */
export async function buildApp(deps: FinanceDeps): Promise<ServiceApp> {
  const { config, db } = deps;
  const verifier = deps.verifier ?? createTokenVerifier({ jwksUrl: config.authJwksUrl, issuer: config.authIssuer });
  const app = await createService({
    name: 'finance',
    version: packageVersion(import.meta.url),
    config,
    db,
    checks: deps.checks,
    logger: deps.logger,
    auth: { verifier },
  });
  const context: LedgerContext = { db: db.kysely, clock: deps.clock ?? (() => new Date()) };
  for (const routes of [setupRoutes, accountRoutes, taxCodeRoutes, fiscalYearRoutes, transactionRoutes, reportRoutes, auditRoutes]) {
    await app.register(routes, { prefix: '/api/v1/finance', context });
  }
  return app;
}
