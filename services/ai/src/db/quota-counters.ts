import { type Kysely, sql, type Transaction } from 'kysely';
import type { AiDb } from './schema.js';

export interface BudgetCounters {
  spentNanoEur: number;
  reservedNanoEur: number;
}

/** Creates the tenant's month row if needed and locks it: the lock serialises the tenant's quota steps across replicas. */
export async function lockBudget(trx: Transaction<AiDb>, tenantId: string, month: string): Promise<BudgetCounters> {
  await trx
    .insertInto('quota_budget')
    .values({ tenant_id: tenantId, month })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const row = await trx
    .selectFrom('quota_budget')
    .select(['spent_nano', 'reserved_nano'])
    .where('tenant_id', '=', tenantId)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { spentNanoEur: Number(row.spent_nano), reservedNanoEur: Number(row.reserved_nano) };
}

/** Releases the tenant's reservations that expired unsettled; returns the amount released per month. */
export async function releaseExpiredReservations(trx: Transaction<AiDb>, tenantId: string, now: Date): Promise<Map<string, number>> {
  const expired = await trx
    .deleteFrom('quota_reservation')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<=', now)
    .returning(['month', 'cost_nano'])
    .execute();
  const released = new Map<string, number>();
  for (const row of expired) released.set(row.month, (released.get(row.month) ?? 0) + Number(row.cost_nano));
  for (const [month, amount] of released) await addToBudget(trx, tenantId, month, { reservedNanoEur: -amount });
  return released;
}

export async function addToBudget(trx: Transaction<AiDb>, tenantId: string, month: string, delta: Partial<BudgetCounters>): Promise<void> {
  await trx
    .updateTable('quota_budget')
    .set({
      spent_nano: sql`spent_nano + ${delta.spentNanoEur ?? 0}`,
      reserved_nano: sql`reserved_nano + ${delta.reservedNanoEur ?? 0}`,
    })
    .where('tenant_id', '=', tenantId)
    .where('month', '=', month)
    .execute();
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

export async function addToWindow(trx: Transaction<AiDb>, tenantId: string, windowStart: Date, requests: number, tokens: number): Promise<void> {
  await trx
    .insertInto('quota_window')
    .values({ tenant_id: tenantId, window_start: windowStart, requests, tokens })
    .onConflict((conflict) =>
      conflict
        .columns(['tenant_id', 'window_start'])
        .doUpdateSet({ requests: sql`quota_window.requests + ${requests}`, tokens: sql`quota_window.tokens + ${tokens}` }),
    )
    .execute();
}

export async function insertReservation(trx: Transaction<AiDb>, row: { tenantId: string; id: string; month: string; costNanoEur: number; expiresAt: Date }) {
  await trx
    .insertInto('quota_reservation')
    .values({ tenant_id: row.tenantId, id: row.id, month: row.month, cost_nano: row.costNanoEur, expires_at: row.expiresAt })
    .execute();
}

/** Removes a reservation; returns its amount, or 0 when it had already expired and been released. */
export async function takeReservation(trx: Transaction<AiDb>, tenantId: string, id: string): Promise<number> {
  const row = await trx.deleteFrom('quota_reservation').where('tenant_id', '=', tenantId).where('id', '=', id).returning('cost_nano').executeTakeFirst();
  return Number(row?.cost_nano ?? 0);
}

/** Deletes every tenant's minute windows older than `before` (owner-run function: it crosses tenants). */
export async function pruneQuotaWindows(db: Kysely<AiDb>, before: Date): Promise<number> {
  const result = await sql<{ pruned: number }>`select prune_quota_windows(${before}) as pruned`.execute(db);
  return result.rows[0]?.pruned ?? 0;
}
