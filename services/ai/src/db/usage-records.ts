import { type Insertable, sql, type Transaction } from 'kysely';
import type { AiDb, UsageRecordTable } from './schema.js';

export type UsageRecordInput = Insertable<UsageRecordTable>;

// Each column with the type its array is sent as, in the table's order.
const USAGE_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['occurred_at', 'timestamptz'],
  ['api', 'text'],
  ['operation', 'text'],
  ['task', 'text'],
  ['priority', 'text'],
  ['provider', 'text'],
  ['model', 'text'],
  ['outcome', 'text'],
  ['input_tokens', 'integer'],
  ['output_tokens', 'integer'],
  ['cost_eur', 'numeric'],
  ['latency_ms', 'integer'],
  ['attempts', 'integer'],
  ['request_id', 'text'],
] as const satisfies readonly (readonly [keyof UsageRecordTable, string])[];

/**
 * Inserts a batch as one array per column (`unnest`): sixteen parameters however many rows, where a multi-row
 * VALUES list has sixteen per row for the client to build and the server to parse and plan.
 */
export async function insertUsageRecords(trx: Transaction<AiDb>, rows: readonly UsageRecordInput[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = USAGE_COLUMNS.map(([column]) => sql.ref(column));
  const arrays = USAGE_COLUMNS.map(([column, type]) => sql`${rows.map((row) => row[column])}::${sql.raw(type)}[]`);
  await sql`insert into usage_record (${sql.join(columns)}) select * from unnest(${sql.join(arrays)})`.execute(trx);
}

/** The dimensions usage can be grouped by. */
export const USAGE_DIMENSIONS = ['provider', 'model', 'task', 'api', 'operation', 'day'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export interface UsageSummaryRow {
  group: Partial<Record<UsageDimension, string>>;
  requests: number;
  cachedRequests: number;
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costEur: string;
  latencyMsAvg: number | null;
}

const EXPRESSIONS: Record<UsageDimension, ReturnType<typeof sql>> = {
  provider: sql`provider`,
  model: sql`model`,
  task: sql`task`,
  api: sql`api`,
  operation: sql`operation`,
  day: sql`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')`,
};

/** Sums the tenant's usage in [from, to) by the given dimensions; the latency average leaves out cache hits. */
export async function summariseUsage(
  trx: Transaction<AiDb>,
  tenantId: string,
  from: Date,
  to: Date,
  groupBy: readonly UsageDimension[],
): Promise<UsageSummaryRow[]> {
  const columns = groupBy.map((dimension) => sql`${EXPRESSIONS[dimension]} as ${sql.ref(dimension)}`);
  const grouping =
    groupBy.length > 0
      ? sql`group by ${sql.join(groupBy.map((dimension) => EXPRESSIONS[dimension]))} order by ${sql.join(groupBy.map((dimension) => EXPRESSIONS[dimension]))}`
      : sql``;
  const result = await sql<Record<string, string | null>>`
    select ${sql.join([...columns, sql`count(*) as requests`])},
      count(*) filter (where outcome = 'cached') as cached_requests,
      count(*) filter (where outcome = 'failed') as failed_requests,
      coalesce(sum(input_tokens), 0) as input_tokens,
      coalesce(sum(output_tokens), 0) as output_tokens,
      coalesce(sum(cost_eur), 0) as cost_eur,
      round(avg(latency_ms) filter (where outcome <> 'cached')) as latency_ms_avg
    from usage_record
    where tenant_id = ${tenantId} and occurred_at >= ${from} and occurred_at < ${to}
    ${grouping}`.execute(trx);
  return result.rows.map((row) => ({
    group: Object.fromEntries(groupBy.map((dimension) => [dimension, String(row[dimension])])),
    requests: Number(row.requests),
    cachedRequests: Number(row.cached_requests),
    failedRequests: Number(row.failed_requests),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costEur: String(row.cost_eur),
    latencyMsAvg: row.latency_ms_avg === null ? null : Number(row.latency_ms_avg),
  }));
}
