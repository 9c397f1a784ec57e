import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { breakerAdmits } from '../domain/circuit-breaker.js';
import type { QuotaLimit } from '../domain/quota.js';
import type { DeploymentHealth } from './deployment-health.js';
import type { Scheduler } from './scheduler.js';

/** What one request cost, for the counters. */
export interface RequestMeasure {
  readonly tenantId: string;
  readonly api: 'native' | 'openai';
  readonly operation: 'chat' | 'embeddings';
  readonly task: string;
  readonly provider: string;
  readonly model: string;
  readonly outcome: 'ok' | 'cached' | 'failed';
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Cost in EUR; a float is good enough for a Prometheus counter, the usage records keep the exact decimal. */
  readonly costEur: number;
}

export interface AiMetrics {
  request(measure: RequestMeasure): void;
  providerCall(provider: string, model: string, outcome: string, seconds: number): void;
  fallback(provider: string, model: string, reason: string): void;
  cache(outcome: 'hit' | 'miss' | 'bypass'): void;
  /** A semantic-cache lookup: `skip` when the task opted in but the request does not qualify (tools, no question). */
  semanticCache(outcome: 'hit' | 'miss' | 'skip'): void;
  quotaRefused(limit: QuotaLimit): void;
  /** A batch job finished (`succeeded`, `failed`) after waiting `waitSeconds` in the queue. */
  batchJob(outcome: 'succeeded' | 'failed', waitSeconds: number): void;
}

/**
 * The gateway's metrics, in a registry of their own appended to the kit's `GET /metrics`. Labels are provider,
 * model, task and outcome; the tenant label is added only with AI_METRICS_TENANT_LABEL, because it makes the
 * series count grow with the number of customers (per-tenant figures are always in the usage API).
 */
export function installAiMetrics(app: FastifyInstance, sources: { health: DeploymentHealth; scheduler: Scheduler; tenantLabel: boolean }): AiMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'ai' });
  const tenant = sources.tenantLabel ? (['tenant'] as const) : ([] as const);
  const registers = [registry];
  const requests = new Counter({
    name: 'ai_requests_total',
    help: 'Requests by API, operation, task, the deployment that answered and outcome (ok, cached, failed)',
    labelNames: ['api', 'operation', 'task', 'provider', 'model', 'outcome', ...tenant],
    registers,
  });
  const tokens = new Counter({
    name: 'ai_tokens_total',
    help: 'Tokens by deployment, task and direction',
    labelNames: ['provider', 'model', 'task', 'direction', ...tenant],
    registers,
  });
  const cost = new Counter({
    name: 'ai_cost_eur_total',
    help: 'Cost in EUR by deployment and task',
    labelNames: ['provider', 'model', 'task', ...tenant],
    registers,
  });
  const calls = new Histogram({
    name: 'ai_provider_call_duration_seconds',
    help: 'Duration of each call of a provider (every attempt) by outcome',
    labelNames: ['provider', 'model', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const fallbacks = new Counter({
    name: 'ai_fallbacks_total',
    help: 'Attempts given up for the next deployment, by the failing deployment and reason',
    labelNames: ['provider', 'model', 'reason'],
    registers,
  });
  const cacheRequests = new Counter({
    name: 'ai_cache_requests_total',
    help: 'Exact-cache lookups by outcome (hit, miss, bypass)',
    labelNames: ['outcome'],
    registers,
  });
  const semanticRequests = new Counter({
    name: 'ai_semantic_cache_requests_total',
    help: 'Semantic-cache lookups of tasks that opted in, by outcome (hit, miss, skip)',
    labelNames: ['outcome'],
    registers,
  });
  const batchJobs = new Histogram({
    name: 'ai_batch_job_wait_seconds',
    help: 'How long finished batch jobs waited from acceptance to their start, by outcome',
    labelNames: ['outcome'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  const refusals = new Counter({ name: 'ai_quota_refusals_total', help: 'Requests refused by a tenant quota, by limit', labelNames: ['limit'], registers });
  new Gauge({
    name: 'ai_breaker_open',
    help: 'Whether the circuit breaker of a deployment refuses calls (1) or admits them (0)',
    labelNames: ['deployment'],
    registers,
    collect() {
      const now = Date.now();
      for (const entry of sources.health.entries()) this.set({ deployment: entry.key }, breakerAdmits(entry.breaker, now) ? 0 : 1);
    },
  });
  new Gauge({
    name: 'ai_queue_waiting',
    help: 'Calls waiting for a slot of a provider',
    labelNames: ['pool'],
    registers,
    collect() {
      for (const pool of sources.scheduler.pools()) this.set({ pool: pool.key }, pool.waiting);
    },
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.routeOptions.url !== '/metrics' || typeof payload !== 'string') return payload;
    return `${payload}${payload.endsWith('\n') ? '' : '\n'}${await registry.metrics()}`;
  });
  return {
    request(measure) {
      const extra = sources.tenantLabel ? { tenant: measure.tenantId } : {};
      const deployment = { provider: measure.provider, model: measure.model };
      requests.inc({ api: measure.api, operation: measure.operation, task: measure.task, ...deployment, outcome: measure.outcome, ...extra });
      if (measure.inputTokens > 0) tokens.inc({ ...deployment, task: measure.task, direction: 'input', ...extra }, measure.inputTokens);
      if (measure.outputTokens > 0) tokens.inc({ ...deployment, task: measure.task, direction: 'output', ...extra }, measure.outputTokens);
      if (measure.costEur > 0) cost.inc({ ...deployment, task: measure.task, ...extra }, measure.costEur);
    },
    providerCall: (provider, model, outcome, seconds) => calls.observe({ provider, model, outcome }, seconds),
    fallback: (provider, model, reason) => fallbacks.inc({ provider, model, reason }),
    cache: (outcome) => cacheRequests.inc({ outcome }),
    semanticCache: (outcome) => semanticRequests.inc({ outcome }),
    batchJob: (outcome, waitSeconds) => batchJobs.observe({ outcome }, waitSeconds),
    quotaRefused: (limit) => refusals.inc({ limit }),
  };
}
