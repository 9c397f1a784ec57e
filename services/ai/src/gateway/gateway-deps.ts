import type { CacheGenerations } from '../cache/ledger-generations.js';
import type { SemanticCache } from '../cache/semantic-cache.js';
import type { Priority } from '../domain/fair-queue.js';
import type { RoutingHints, TaskPolicy } from '../domain/task-policy.js';
import type { QuotaStore } from '../quota/quota-store.js';
import type { TenantSettingsSource } from '../settings/tenant-settings.js';
import type { UsageWriter } from '../usage/usage-writer.js';
import type { DeploymentHealth } from './deployment-health.js';
import type { AiMetrics } from './metrics.js';
import type { ResponseCache } from './response-cache.js';
import type { Scheduler } from './scheduler.js';

/** What the gateway's operations need; built once per app. */
export interface GatewayDeps {
  readonly settings: TenantSettingsSource;
  /** The operator's task policies. */
  readonly operatorPolicies: ReadonlyMap<string, TaskPolicy>;
  readonly health: DeploymentHealth;
  readonly scheduler: Scheduler;
  readonly metrics: AiMetrics;
  readonly cache: ResponseCache;
  readonly quota: QuotaStore;
  readonly usage: UsageWriter;
  readonly onBackgroundError: (error: unknown, what: string) => void;
  /** Answers of similar questions, for tasks that opt in; absent, no task uses it. */
  readonly semanticCache?: SemanticCache | undefined;
  /** The ledger generation that scopes both caches of the ledger-dependent tasks; absent, no task depends on it. */
  readonly cacheGenerations?: CacheGenerations | undefined;
}

/** Who asks, through which API, for which task, and how. */
export interface CallerContext {
  readonly tenantId: string;
  readonly api: 'native' | 'openai';
  readonly task: string;
  readonly priority: Priority;
  readonly requestId: string;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** Whether the exact cache may answer and keep the answer. */
  readonly useCache: boolean;
  readonly routing: RoutingHints;
  /** The version of the prompt template the request was built from; it scopes the caches. */
  readonly promptVersion?: string | undefined;
}
