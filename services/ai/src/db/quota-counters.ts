import { type Kysely, sql, type Transaction } from 'kysely';
import type { QuotaLimits } from '../domain/quota.js';
import type { AiDb } from './schema.js';

/** What a reservation asks for; a limit left out does not apply. */
export interface ReserveCountersInput {
  tenantId: string;
  reservationId: string;
  windowStart: Date;
  month: string;
  now: Date;
  expiresAt: Date;
  limits: QuotaLimits;
  tokens: number;
  costNanoEur: number;
}

/**
 * Reserves in one statement (the `reserve_quota` function): locks the tenant's month row, releases expired
 * reservations, checks every limit and counts the request only if all pass. Returns 0 when reserved, else 1, 2
 * or 3 for the limit that refused.
 */
export async function reserveCounters(db: Kysely<AiDb>, input: ReserveCountersInput): Promise<number> {
  const { limits } = input;
  const result = await sql<{ refused: number }>`select reserve_quota(
    ${input.tenantId}, ${input.reservationId}, ${input.windowStart}, ${input.month}, ${input.now}, ${input.expiresAt},
    ${limits.requestsPerMinute ?? null}, ${limits.tokensPerMinute ?? null}, ${limits.monthlyBudgetNanoEur ?? null}, ${input.tokens}, ${input.costNanoEur}
  ) as refused`.execute(db);
  return Number(result.rows[0]?.refused);
}

/** Settles in one statement (the `settle_quota` function): releases what is still reserved, books the real cost and corrects the minute's tokens. */
export async function settleCounters(
  db: Kysely<AiDb>,
  input: { tenantId: string; reservationId: string; month: string; windowStart: Date; tokenDifference: number; costNanoEur: number },
): Promise<void> {
  await sql`select settle_quota(
    ${input.tenantId}, ${input.reservationId}, ${input.month}, ${input.windowStart}, ${input.tokenDifference}, ${input.costNanoEur}
  )`.execute(db);
}

export async function findWindow(trx: Transaction<AiDb>, tenantId: string, windowStart: Date): Promise<{ requests: number; tokens: number }> {
  const row = await trx
    .selectFrom('quota_window')
    .select(['requests', 'tokens'])
    .where('tenant_id', '=', tenantId)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return { requests: Number(row?.requests ?? 0), tokens: Number(row?.tokens ?? 0) };
}

/** Deletes every tenant's minute windows older than `before` (owner-run function: it crosses tenants). */
export async function pruneQuotaWindows(db: Kysely<AiDb>, before: Date): Promise<number> {
  const result = await sql<{ pruned: number }>`select prune_quota_windows(${before}) as pruned`.execute(db);
  return result.rows[0]?.pruned ?? 0;
}
