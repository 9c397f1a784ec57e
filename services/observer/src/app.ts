import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  createLogger,
  createService,
  createTokenVerifier,
  type HealthCheckDefinition,
  packageVersion,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type ServiceRegistry,
  type TokenVerifier,
} from '@erp/kit';
import { createMaintenance } from './collect/maintenance.js';
import { createMonitor, type Monitor } from './collect/monitor.js';
import type { ObserverConfig } from './config.js';
import { loadDashboardAssets } from './dashboard/assets.js';
import { createStreamHub } from './dashboard/stream-hub.js';
import type { ObserverDb } from './db/schema.js';
import { pollLines } from './export/influx-points.js';
import { createInfluxWriter } from './export/influx-writer.js';
import { openConfigSource } from './observer-config/config-source.js';
import type { RouteContext } from './routes/context.js';
import { dashboardPageRoutes, dashboardRoutes } from './routes/dashboard.js';
import { incidentRoutes } from './routes/incidents.js';
import { observerConfigRoutes } from './routes/observer-config.js';
import { reportRoutes } from './routes/reports.js';
import { scalingRoutes } from './routes/scaling.js';
import { seriesRoutes } from './routes/series.js';
import { serviceRoutes } from './routes/services.js';
import { streamRoutes } from './routes/stream.js';

// How often an open dashboard stream looks for a round the collector stored.
const STREAM_CHECK_MS = 1000;

export interface ObserverDeps {
  config: ObserverConfig;
  db: ServiceDb<ObserverDb>;
  /** The live instances of every service; without it only the URLs of observer_config.json are polled. */
  registry?: Pick<ServiceRegistry, 'list'> | undefined;
  /** Verifies access tokens; by default one for the auth service's JWKS (AUTH_JWKS_URL). */
  verifier?: TokenVerifier;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
  /** Poll on a timer once the app is ready; true by default. Tests that poll by hand pass false. */
  collect?: boolean;
  now?: () => Date;
  /** Called with the collector, for tests that drive polls themselves. */
  onMonitor?: (monitor: Monitor) => void;
}

/**
 * Builds the observer: reads and watches observer_config.json (an invalid file at start throws
 * `ObserverConfigInvalidError`), polls every instance while running, and serves `/api/v1/observer/*`.
 */
export async function buildApp(deps: ObserverDeps): Promise<ServiceApp> {
  const { config, db } = deps;
  const verifier = deps.verifier ?? createTokenVerifier({ jwksUrl: config.authJwksUrl, issuer: config.authIssuer });
  const assets = await loadDashboardAssets();
  // The logger createService would make, made here so the InfluxDB writer (and its /health check) can use it.
  const logger = deps.logger ?? createLogger({ service: 'observer', level: config.logLevel, port: config.port });
  const influx = config.influx ? createInfluxWriter({ ...config.influx, logger }) : undefined;
  const app = await createService({
    name: 'observer',
    version: packageVersion(import.meta.url),
    config,
    db,
    checks: influx ? { ...deps.checks, influx: influx.healthCheck } : deps.checks,
    logger,
    auth: { verifier },
  });
  const source = await openConfigSource(config.observerConfigPath, { logger: app.log }).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  const now = deps.now ?? (() => new Date());
  const monitor = createMonitor({
    db: db.kysely,
    config: source,
    registry: deps.registry,
    logger: app.log,
    now: () => now().getTime(),
    onPoll: influx ? (outcome) => influx.write(pollLines(outcome)) : undefined,
    settings: {
      holder: `observer@${hostname()}#${process.pid}#${randomUUID()}`,
      timeoutMs: config.timeoutMs,
      concurrency: config.concurrency,
      memoryLimitMb: config.memoryLimitMb,
      leakWindowMs: config.leakWindowMs,
    },
  });
  deps.onMonitor?.(monitor);
  const maintenance = createMaintenance({
    db: db.kysely,
    retention: config.retention,
    intervalMs: config.maintenanceIntervalMs,
    isLeader: monitor.isLeader,
    logger: app.log,
    now,
  });
  const context: RouteContext = { db: db.kysely, source, memoryLimitMb: config.memoryLimitMb, rawRetentionMs: config.retention.rawMs, now };
  for (const routes of [serviceRoutes, seriesRoutes, incidentRoutes, observerConfigRoutes, reportRoutes, dashboardRoutes]) {
    await app.register(routes, { prefix: '/api/v1/observer', context });
  }
  const hub = createStreamHub({
    db: db.kysely,
    streamsMax: config.streamsMax,
    heartbeatMs: config.streamHeartbeatMs,
    checkMs: STREAM_CHECK_MS,
    now: () => now().getTime(),
    logger: app.log,
  });
  await app.register(streamRoutes, { prefix: '/api/v1/observer', hub, streamsMax: config.streamsMax });
  await app.register(dashboardPageRoutes, { assets });
  if (config.controlToken) await app.register(scalingRoutes, { context, token: config.controlToken });
  if (deps.collect !== false) {
    app.addHook('onReady', async () => {
      monitor.start();
      maintenance.start();
    });
  }
  // Before the database closes: a poll in flight finishes (or is aborted) and the lease is released.
  app.addHook('preClose', async () => {
    // Open streams never finish by themselves; they would hold the close open.
    hub.close();
    await monitor.stop();
    await influx?.close();
    await maintenance.stop();
    source.close();
  });
  return app;
}
