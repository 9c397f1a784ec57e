import { randomUUID } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { Deployment } from '../domain/deployment.js';
import type { CallerContext, GatewayDeps } from './gateway-deps.js';

export interface RequestRecord {
  readonly caller: CallerContext;
  readonly operation: 'chat' | 'embeddings';
  /** The deployment that answered (or, for a failure, the last one tried); `undefined` when none was. */
  readonly deployment: Deployment | undefined;
  readonly outcome: 'ok' | 'cached' | 'failed';
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: Decimal;
  readonly latencyMs: number;
  readonly attempts: number;
}

/** Books one request in the usage records and the metrics. */
export function recordRequest(deps: GatewayDeps, record: RequestRecord): void {
  const { caller, deployment } = record;
  const provider = deployment?.providerName ?? 'none';
  const model = deployment?.modelId ?? 'none';
  deps.usage.record({
    tenant_id: caller.tenantId,
    id: randomUUID(),
    occurred_at: new Date(),
    api: caller.api,
    operation: record.operation,
    task: caller.task,
    priority: caller.priority,
    provider,
    model,
    outcome: record.outcome,
    input_tokens: record.inputTokens,
    output_tokens: record.outputTokens,
    cost_eur: record.cost.toFixed(),
    latency_ms: Math.max(0, Math.round(record.latencyMs)),
    attempts: record.attempts,
    request_id: caller.requestId,
  });
  deps.metrics.request({
    tenantId: caller.tenantId,
    api: caller.api,
    operation: record.operation,
    task: caller.task,
    provider,
    model,
    outcome: record.outcome,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    costEur: record.cost.toNumber(),
  });
}
