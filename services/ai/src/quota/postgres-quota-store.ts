import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { addToBudget, addToWindow, findWindow, insertReservation, lockBudget, releaseExpiredReservations, takeReservation } from '../db/quota-counters.js';
import type { AiDb } from '../db/schema.js';
import { budgetMonth, exceededLimit, minuteWindowStartMs } from '../domain/quota.js';
import { type QuotaStore, RESERVATION_TTL_MS } from './quota-store.js';

/**
 * The quota store in PostgreSQL (without Redis). Each step runs in one transaction that first locks the
 * tenant's month row, so concurrent reservations of a tenant, from any instance, run one after another and
 * the checks of domain/quota.ts see every earlier one.
 */
export function createPostgresQuotaStore(db: Kysely<AiDb>): QuotaStore {
  return {
    kind: 'postgres',
    reserve(input) {
      const windowStart = new Date(minuteWindowStartMs(input.nowMs));
      const month = budgetMonth(input.nowMs);
      return withTenant(db, input.tenantId, async (trx) => {
        const budget = await lockBudget(trx, input.tenantId, month);
        const released = await releaseExpiredReservations(trx, input.tenantId, new Date(input.nowMs));
        const window = await findWindow(trx, input.tenantId, windowStart);
        const counters = { ...window, spentNanoEur: budget.spentNanoEur, reservedNanoEur: budget.reservedNanoEur - (released.get(month) ?? 0) };
        const limit = exceededLimit(input.limits, counters, input.tokens, input.costNanoEur);
        if (limit) return { ok: false, limit } as const;
        const id = randomUUID();
        await addToWindow(trx, input.tenantId, windowStart, 1, input.tokens);
        if (input.costNanoEur > 0) {
          await addToBudget(trx, input.tenantId, month, { reservedNanoEur: input.costNanoEur });
          await insertReservation(trx, {
            tenantId: input.tenantId,
            id,
            month,
            costNanoEur: input.costNanoEur,
            expiresAt: new Date(input.nowMs + RESERVATION_TTL_MS),
          });
        }
        const reservation = { id, tenantId: input.tenantId, windowStartMs: windowStart.getTime(), month, tokens: input.tokens, costNanoEur: input.costNanoEur };
        return { ok: true, reservation } as const;
      });
    },
    async settle(reservation, actual) {
      await withTenant(db, reservation.tenantId, async (trx) => {
        await lockBudget(trx, reservation.tenantId, reservation.month);
        const reserved = await takeReservation(trx, reservation.tenantId, reservation.id);
        await addToBudget(trx, reservation.tenantId, reservation.month, { reservedNanoEur: -reserved, spentNanoEur: actual.costNanoEur });
        const difference = actual.tokens - reservation.tokens;
        if (difference !== 0) await addToWindow(trx, reservation.tenantId, new Date(reservation.windowStartMs), 0, difference);
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
