import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { QuotaLimits } from '../../src/domain/quota.js';
import { createPostgresQuotaStore } from '../../src/quota/postgres-quota-store.js';
import { type QuotaStore, RESERVATION_TTL_MS, type Reservation } from '../../src/quota/quota-store.js';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';

let ai: TestAi;
let store: QuotaStore;
let statements = 0;

// Counts the statements the store sends (BEGIN and COMMIT of a transaction would come on top).
const countStatements: KyselyPlugin = {
  transformQuery: (args) => {
    statements += 1;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
  store = createPostgresQuotaStore(ai.db.kysely.withPlugin(countStatements));
});
afterAll(() => ai.close());

// Ten seconds into a minute, so that a few seconds later is still the same window.
const T0 = Date.UTC(2026, 10, 25, 12, 0, 10);

async function reserved(tenantId: string, limits: QuotaLimits, tokens: number, costNanoEur: number, nowMs = T0): Promise<Reservation> {
  const result = await store.reserve({ tenantId, limits, tokens, costNanoEur, nowMs });
  if (!result.ok) throw new Error(`refused by ${result.limit}`);
  return result.reservation;
}

describe('the PostgreSQL quota store', () => {
  it('should reserve and settle in one statement each', async () => {
    const tenantId = newTenant();
    statements = 0;

    const reservation = await reserved(tenantId, { monthlyBudgetNanoEur: 1_000 }, 10, 100);
    const afterReserve = statements;
    await store.settle(reservation, { tokens: 10, costNanoEur: 100 });

    expect(afterReserve).toBe(1);
    expect(statements).toBe(2);
  });

  it('should count nothing for a request a limit refuses', async () => {
    const tenantId = newTenant();
    const limits = { requestsPerMinute: 1, monthlyBudgetNanoEur: 1_000 };
    await reserved(tenantId, limits, 10, 100);

    const second = await store.reserve({ tenantId, limits, tokens: 10, costNanoEur: 100, nowMs: T0 + 1_000 });

    expect(second).toEqual({ ok: false, limit: 'requests_per_minute' });
    expect(await store.usage(tenantId, T0)).toEqual({ requests: 1, tokens: 10, spentNanoEur: 0, reservedNanoEur: 100 });
  });

  it('should refuse by tokens per minute before the budget', async () => {
    const tenantId = newTenant();
    const limits = { tokensPerMinute: 100, monthlyBudgetNanoEur: 150 };
    await reserved(tenantId, limits, 60, 100);

    const result = await store.reserve({ tenantId, limits, tokens: 60, costNanoEur: 100, nowMs: T0 });

    expect(result).toEqual({ ok: false, limit: 'tokens_per_minute' });
  });

  it('should book the real figures when a reservation is settled', async () => {
    const tenantId = newTenant();
    const reservation = await reserved(tenantId, { monthlyBudgetNanoEur: 1_000 }, 100, 500);

    await store.settle(reservation, { tokens: 40, costNanoEur: 200 });

    expect(await store.usage(tenantId, T0)).toEqual({ requests: 1, tokens: 40, spentNanoEur: 200, reservedNanoEur: 0 });
  });

  it('should release a reservation nobody settled once it has expired', async () => {
    const tenantId = newTenant();
    const limits = { monthlyBudgetNanoEur: 1_000 };
    await reserved(tenantId, limits, 10, 800);
    const refused = await store.reserve({ tenantId, limits, tokens: 10, costNanoEur: 800, nowMs: T0 + 1_000 });
    const later = T0 + RESERVATION_TTL_MS + 1_000;

    await reserved(tenantId, limits, 10, 800, later);

    expect(refused).toEqual({ ok: false, limit: 'monthly_budget' });
    expect((await store.usage(tenantId, later)).reservedNanoEur).toBe(800);
  });

  it('should not release an expired reservation twice when it is settled late', async () => {
    const tenantId = newTenant();
    const limits = { monthlyBudgetNanoEur: 10_000 };
    const slow = await reserved(tenantId, limits, 10, 500);
    const later = T0 + RESERVATION_TTL_MS + 1_000;
    await reserved(tenantId, limits, 10, 100, later);

    await store.settle(slow, { tokens: 10, costNanoEur: 300 });

    expect(await store.usage(tenantId, later)).toMatchObject({ spentNanoEur: 300, reservedNanoEur: 100 });
  });

  it('should let a call that costs nothing pass when the budget is spent', async () => {
    const tenantId = newTenant();
    const limits = { monthlyBudgetNanoEur: 100 };
    await store.settle(await reserved(tenantId, limits, 10, 100), { tokens: 10, costNanoEur: 100 });

    const free = await store.reserve({ tenantId, limits, tokens: 10, costNanoEur: 0, nowMs: T0 });
    const paid = await store.reserve({ tenantId, limits, tokens: 10, costNanoEur: 1, nowMs: T0 });

    expect(free.ok).toBe(true);
    expect(paid).toEqual({ ok: false, limit: 'monthly_budget' });
  });

  it("should not count one tenant's requests against another", async () => {
    const [tenantA, tenantB] = [newTenant(), newTenant()];
    const limits = { requestsPerMinute: 1, monthlyBudgetNanoEur: 100 };
    await reserved(tenantA, limits, 10, 100);

    const other = await store.reserve({ tenantId: tenantB, limits, tokens: 10, costNanoEur: 100, nowMs: T0 });

    expect(other.ok).toBe(true);
    expect(await store.usage(tenantB, T0)).toEqual({ requests: 1, tokens: 10, spentNanoEur: 0, reservedNanoEur: 100 });
  });
});
