import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { findWindow, reserveCounters, settleCounters } from '../db/quota-counters.js';
import type { AiDb } from '../db/schema.js';
import { budgetMonth, minuteWindowStartMs } from '../domain/quota.js';
import { type QuotaStore, REFUSED_BY, RESERVATION_TTL_MS } from './quota-store.js';

/**
 * The quota store in PostgreSQL (without Redis). Reserving and settling are one statement each (the
 * `reserve_quota` and `settle_quota` functions), which first lock the tenant's month row, so concurrent
 * reservations of a tenant, from any instance, run one after another and each check sees every earlier one;
 * the lock is held for the time the function runs, not for round trips between the service and the database.
 */
export function createPostgresQuotaStore(db: Kysely<AiDb>): QuotaStore {
  return {
    kind: 'postgres',
    async reserve(input) {
      const windowStart = new Date(minuteWindowStartMs(input.nowMs));
      const month = budgetMonth(input.nowMs);
      const id = randomUUID();
      const refused = await reserveCounters(db, {
        tenantId: input.tenantId,
        reservationId: id,
        windowStart,
        month,
        now: new Date(input.nowMs),
        expiresAt: new Date(input.nowMs + RESERVATION_TTL_MS),
        limits: input.limits,
        tokens: input.tokens,
        costNanoEur: input.costNanoEur,
      });
      if (refused !== 0) return { ok: false, limit: REFUSED_BY[refused] ?? 'requests_per_minute' };
      const reservation = { id, tenantId: input.tenantId, windowStartMs: windowStart.getTime(), month, tokens: input.tokens, costNanoEur: input.costNanoEur };
      return { ok: true, reservation };
    },
    async settle(reservation, actual) {
      await settleCounters(db, {
        tenantId: reservation.tenantId,
        reservationId: reservation.id,
        month: reservation.month,
        windowStart: new Date(reservation.windowStartMs),
        tokenDifference: actual.tokens - reservation.tokens,
        costNanoEur: actual.costNanoEur,
      });
    },
    usage(tenantId, nowMs) {
      return withTenant(db, tenantId, async (trx) => {
        const window = await findWindow(trx, tenantId, new Date(minuteWindowStartMs(nowMs)));
        const budget = await trx
          .selectFrom('quota_budget')
          .select(['spent_nano', 'reserved_nano'])
          .where('tenant_id', '=', tenantId)
          .where('month', '=', budgetMonth(nowMs))
          .executeTakeFirst();
        return { ...window, spentNanoEur: Number(budget?.spent_nano ?? 0), reservedNanoEur: Number(budget?.reserved_nano ?? 0) };
      });
    },
  };
}
