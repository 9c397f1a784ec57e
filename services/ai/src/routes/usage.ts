import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { summariseUsage, USAGE_DIMENSIONS, type UsageDimension, type UsageSummaryRow } from '../db/usage-records.js';
import { formatEur } from '../domain/cost.js';
import { UsageQueryInvalidError } from '../errors.js';
import type { RouteOptions } from './context.js';

const DIMENSION = `(${USAGE_DIMENSIONS.join('|')})`;
const UsageQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    group_by: Type.Optional(Type.String({ pattern: `^${DIMENSION}(,${DIMENSION})*$`, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const Figures = {
  requests: Type.Integer(),
  cached_requests: Type.Integer(),
  failed_requests: Type.Integer(),
  input_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
  cost_eur: Type.String(),
  latency_ms_avg: Type.Union([Type.Integer(), Type.Null()]),
};
const UsageAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  group_by: Type.Array(Type.String()),
  items: Type.Array(Type.Object({ ...Object.fromEntries(USAGE_DIMENSIONS.map((dimension) => [dimension, Type.Optional(Type.String())])), ...Figures })),
  total: Type.Object(Figures),
});

const RANGE_DAYS_MAX = 366;

function figures(row: UsageSummaryRow) {
  return {
    requests: row.requests,
    cached_requests: row.cachedRequests,
    failed_requests: row.failedRequests,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_eur: formatEur(row.costEur),
    latency_ms_avg: row.latencyMsAvg,
  };
}

function range(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  if (!(start < end)) throw new UsageQueryInvalidError('from must lie before to.');
  if (end.getTime() - start.getTime() > RANGE_DAYS_MAX * 86_400_000) throw new UsageQueryInvalidError(`The range may span at most ${RANGE_DAYS_MAX} days.`);
  return { from: start, to: end };
}

/**
 * `GET /usage?from=&to=&group_by=`: the tenant's requests, tokens, cost (exact EUR) and mean latency in
 * [from, to) (default: this month so far), grouped by any of provider, model, task, api, operation and day.
 */
export async function usageRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/usage', { config: { permission: 'ai.admin:manage' }, schema: { querystring: UsageQuery, response: { 200: UsageAnswer } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const window = range(request.query.from, request.query.to, new Date());
    const groupBy = [...new Set((request.query.group_by?.split(',') ?? []) as UsageDimension[])];
    // This instance's own recent rows first, so a client sees what it just did.
    await context.gateway.usage.flush();
    const [rows, [total]] = await withTenant(context.db, tenantId, async (trx) => [
      await summariseUsage(trx, tenantId, window.from, window.to, groupBy),
      await summariseUsage(trx, tenantId, window.from, window.to, []),
    ]);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      group_by: groupBy,
      items: rows.map((row) => ({ ...row.group, ...figures(row) })),
      // An aggregate without grouping always has its one row.
      total: figures(
        total ?? { group: {}, requests: 0, cachedRequests: 0, failedRequests: 0, inputTokens: 0, outputTokens: 0, costEur: '0', latencyMsAvg: null },
      ),
    };
  });
}
