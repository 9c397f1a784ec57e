import {
  createService,
  createTokenVerifier,
  type EventTransport,
  type HealthCheckDefinition,
  packageVersion,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type TokenVerifier,
} from '@erp/kit';
import type { FinanceConfig } from './config.js';
import type { FinanceDb } from './db/schema.js';
import { createDocumentStore } from './documents/file-store.js';
import { createFinanceEventConsumer } from './events/consumer.js';
import { createAiIntelligenceClient } from './grpc/ai-client.js';
import { createSetUpChartCache } from './ledger/chart-lookup.js';
import type { LedgerContext } from './ledger/context.js';
import { createPostingBatcher } from './ledger/posting-batcher.js';
import { installPostingMetrics } from './ledger/posting-metrics.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { costCenterRoutes } from './routes/cost-centers.js';
import { documentRoutes } from './routes/documents.js';
import { fiscalYearRoutes } from './routes/fiscal-years.js';
import { openItemRoutes } from './routes/open-items.js';
import { parkedEventSuggestionRoutes } from './routes/parked-event-suggestions.js';
import { parkedEventRoutes } from './routes/parked-events.js';
import { paymentRoutes } from './routes/payments.js';
import { reportRoutes } from './routes/reports.js';
import { setupRoutes } from './routes/setup.js';
import { taxCodeRoutes } from './routes/tax-codes.js';
import { transactionSuggestionRoutes } from './routes/transaction-suggestions.js';
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
  /** The event transport (from `connectPlatform`): core's document events are booked from it. */
  events?: Pick<EventTransport, 'subscribe'> | undefined;
}

/** Builds the finance service: chart of accounts, fiscal years, the journal, documents, the reports and the audit chain. */
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
  const context: LedgerContext = { db: db.kysely, clock: deps.clock ?? (() => new Date()), setUpCharts: createSetUpChartCache() };
  for (const routes of [setupRoutes, accountRoutes, costCenterRoutes, taxCodeRoutes, fiscalYearRoutes, reportRoutes, auditRoutes]) {
    await app.register(routes, { prefix: '/api/v1/finance', context });
  }
  const postings = createPostingBatcher(context, { onBatch: installPostingMetrics(app) });
  await app.register(transactionRoutes, { prefix: '/api/v1/finance', context, postings });
  for (const routes of [parkedEventRoutes, paymentRoutes]) await app.register(routes, { prefix: '/api/v1/finance', context });
  await app.register(openItemRoutes, { prefix: '/api/v1/finance', context, timeZone: config.businessTimeZone });
  const documents = { store: createDocumentStore(config.documentsDir), maxBytes: config.documentsMaxBytes };
  await app.register(documentRoutes, { prefix: '/api/v1/finance', context, documents });
  // Suggestions and scores of the ai service over gRPC (AI_GRPC_URL); finance works on when ai does not answer.
  const ai = createAiIntelligenceClient(config.ai);
  app.addHook('onClose', async () => ai.close());
  for (const routes of [parkedEventSuggestionRoutes, transactionSuggestionRoutes]) await app.register(routes, { prefix: '/api/v1/finance', context, ai });
  // Subscribed once the routes exist; resolves when the queue is declared, so no event published later is missed.
  if (deps.events) await createFinanceEventConsumer(context, deps.events).start();
  return app;
}
