import { hostname } from 'node:os';
import { type HealthCheck, HealthDocument, type HealthStatus } from '@erp/contracts';
import type { FastifyInstance } from 'fastify';
import type { DbProbeResult } from './db-probe.js';
import { createProcessSampler } from './process-sampler.js';

/** A named dependency check; `critical` checks turn the whole document to fail, others to warn. */
export interface HealthCheckDefinition {
  run(): Promise<HealthCheck>;
  critical?: boolean;
}

export interface HealthOptions {
  service: string;
  version: string;
  instance: string;
  probeDb: (() => Promise<DbProbeResult>) | undefined;
  checks: Record<string, HealthCheckDefinition>;
}

const NO_DB: DbProbeResult = {
  status: 'fail',
  latency_ms: null,
  pool: { total: 0, idle: 0, waiting: 0 },
  connections: null,
  size_mb: null,
  detail: 'no database configured',
};

/** The instance id of this process: `service@host:port#pid`. */
export function instanceId(service: string, port: number): string {
  return `${service}@${hostname()}:${port}#${process.pid}`;
}

function overallStatus(db: DbProbeResult, checks: Record<string, HealthCheck>, definitions: Record<string, HealthCheckDefinition>): HealthStatus {
  if (db.status === 'fail') return 'fail';
  let status: HealthStatus = 'pass';
  for (const [name, check] of Object.entries(checks)) {
    if (check.status === 'pass') continue;
    if (check.status === 'fail' && definitions[name]?.critical) return 'fail';
    status = 'warn';
  }
  return status;
}

/** Serves `GET /health` (readiness, the uniform document) and `GET /alive` (liveness, no dependencies). */
export function installHealth(app: FastifyInstance, options: HealthOptions): void {
  const sampler = createProcessSampler();
  app.addHook('onClose', async () => sampler.stop());
  const startedAt = performance.now();

  app.get('/alive', { schema: { hide: true } }, async () => ({ status: 'pass' }));
  app.get('/health', { schema: { tags: ['operations'], response: { 200: HealthDocument, 503: HealthDocument } } }, async (_request, reply) => {
    const [db, checks] = await Promise.all([options.probeDb ? options.probeDb() : NO_DB, runChecks(options.checks)]);
    const sample = sampler.read();
    const document: HealthDocument = {
      status: overallStatus(db, checks, options.checks),
      service: options.service,
      version: options.version,
      instance: options.instance,
      time: new Date().toISOString(),
      uptime_s: Math.round((performance.now() - startedAt) / 100) / 10,
      cpu: { percent: sample.cpuPercent, cores: sample.cores },
      memory: { rss_mb: sample.rssMb, heap_used_mb: sample.heapUsedMb, heap_total_mb: sample.heapTotalMb },
      event_loop: { lag_p99_ms: sample.eventLoopLagP99Ms, utilization: sample.eventLoopUtilization },
      db,
      checks,
    };
    return reply.code(document.status === 'fail' ? 503 : 200).send(document);
  });
}

async function runChecks(definitions: Record<string, HealthCheckDefinition>): Promise<Record<string, HealthCheck>> {
  const entries = await Promise.all(
    Object.entries(definitions).map(async ([name, definition]): Promise<[string, HealthCheck]> => {
      try {
        return [name, await definition.run()];
      } catch (error) {
        return [name, { status: 'fail', detail: (error instanceof Error ? error.message : String(error)).slice(0, 500) }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
