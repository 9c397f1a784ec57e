import { createService, packageVersion, type ServiceApp, type ServiceDb } from '@erp/kit';
import type { GatewayConfig } from './config.js';
import { forwardRoutes } from './routes/forward.js';

export interface GatewayDeps {
  config: GatewayConfig;
  db: ServiceDb;
}

/** Builds the gateway: the kit's operational routes plus forwarding of every `/api/v1/<area>` to its service. */
export async function buildApp(deps: GatewayDeps): Promise<ServiceApp> {
  const app = await createService({ name: 'gateway', version: packageVersion(import.meta.url), config: deps.config, db: deps.db });
  await app.register(forwardRoutes, { upstreams: deps.config.upstreams, upstreamTimeoutMs: deps.config.upstreamTimeoutMs });
  return app;
}
