import { randomUUID } from 'node:crypto';
import {
  createService,
  createTokenVerifier,
  type HealthCheckDefinition,
  packageVersion,
  pruneIdempotencyKeys,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type TokenVerifier,
} from '@erp/kit';
import type { CoreConfig } from './config.js';
import type { CoreDb } from './db/schema.js';
import { PARTNER_ROLES } from './domain/number-series.js';
import type { PartnerContext } from './partners/context.js';
import { collectionPath } from './routes/context.js';
import { INVENTORY_PATH } from './routes/inventory-context.js';
import { inventoryLevelRoutes } from './routes/inventory-levels.js';
import { inventoryLocationRoutes } from './routes/inventory-locations.js';
import { inventoryMovementRoutes } from './routes/inventory-movements.js';
import { inventoryReservationRoutes } from './routes/inventory-reservations.js';
import { inventorySettingsRoutes } from './routes/inventory-settings.js';
import { inventoryWarehouseRoutes } from './routes/inventory-warehouses.js';
import { invoiceRoutes } from './routes/invoices.js';
import { orderRoutes } from './routes/orders.js';
import { INVOICES_PATH, ORDERS_PATH, PURCHASE_ORDERS_PATH } from './routes/orders-context.js';
import { orderTransitionRoutes } from './routes/orders-transitions.js';
import { partnerGdprRoutes } from './routes/partner-gdpr.js';
import { partnerHistoryRoutes } from './routes/partner-history.js';
import { partnerImportRoutes } from './routes/partner-import.js';
import { partnerStateRoutes } from './routes/partner-states.js';
import { partnerRoutes } from './routes/partners.js';
import { productStateRoutes } from './routes/product-states.js';
import { PRODUCTS_PATH, productRoutes } from './routes/products.js';
import { purchaseOrderRoutes } from './routes/purchase-orders.js';
import { purchaseOrderTransitionRoutes } from './routes/purchase-orders-transitions.js';
import { SEARCH_PATH, searchRoutes } from './routes/search.js';

export interface CoreDeps {
  config: CoreConfig;
  db: ServiceDb<CoreDb>;
  /** Verifies access tokens; without one, the auth service's JWKS at `config.authJwksUrl` is used. */
  verifier?: TokenVerifier;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Database extensions core's migrations use: pg_trgm and btree_gist for the typo-tolerant search index. */
export const CORE_EXTENSIONS = ['pg_trgm', 'btree_gist'] as const;

const PARTNER_PLUGINS = [partnerRoutes, partnerStateRoutes, partnerHistoryRoutes, partnerGdprRoutes, partnerImportRoutes];
const INVENTORY_PLUGINS = [
  inventoryWarehouseRoutes,
  inventoryLocationRoutes,
  inventoryMovementRoutes,
  inventoryLevelRoutes,
  inventoryReservationRoutes,
  inventorySettingsRoutes,
];

/**
 * Builds the core service: customers and suppliers (`/api/v1/customers`, `/api/v1/suppliers`), products (`/api/v1/products`), inventory
 * (`/api/v1/inventory`), sales documents (`/api/v1/orders`, `/api/v1/invoices`) and purchase orders (`/api/v1/purchase-orders`).
 */
export async function buildApp(deps: CoreDeps): Promise<ServiceApp> {
  const { config, db } = deps;
  const verifier = deps.verifier ?? createTokenVerifier({ jwksUrl: config.authJwksUrl, issuer: config.authIssuer });
  const app = await createService({
    name: 'core',
    version: packageVersion(import.meta.url),
    config,
    db,
    checks: deps.checks,
    logger: deps.logger,
    auth: { verifier },
  });
  const context: PartnerContext = { db: db.kysely, config, newId: randomUUID };
  for (const role of PARTNER_ROLES) {
    for (const plugin of PARTNER_PLUGINS) await app.register(plugin, { prefix: collectionPath(role), context, role });
  }
  for (const plugin of [productRoutes, productStateRoutes]) await app.register(plugin, { prefix: PRODUCTS_PATH, context });
  for (const plugin of INVENTORY_PLUGINS) await app.register(plugin, { prefix: INVENTORY_PATH, context });
  for (const plugin of [orderRoutes, orderTransitionRoutes]) await app.register(plugin, { prefix: ORDERS_PATH, context });
  await app.register(invoiceRoutes, { prefix: INVOICES_PATH, context });
  for (const plugin of [purchaseOrderRoutes, purchaseOrderTransitionRoutes]) await app.register(plugin, { prefix: PURCHASE_ORDERS_PATH, context });
  await app.register(searchRoutes, { prefix: SEARCH_PATH, context });
  schedulePruning(app, db);
  return app;
}

const PRUNE_INTERVAL_MS = 3_600_000;

/** Deletes expired Idempotency-Key responses every hour while the app runs. */
function schedulePruning(app: ServiceApp, db: ServiceDb<CoreDb>): void {
  const timer = setInterval(() => {
    pruneIdempotencyKeys(db.kysely).catch((error: unknown) => app.log.warn({ err: error }, 'pruning idempotency keys failed'));
  }, PRUNE_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
