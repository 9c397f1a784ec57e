import { randomUUID } from 'node:crypto';
import { createPgBossTransport, type EventTransport, withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findGeneration } from '../../src/db/ledger-entries.js';
import type { LedgerEntry } from '../../src/intelligence/ledger/ledger-entry.js';
import { addDays } from '../../src/intelligence/statistics/dates.js';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { bankPayment, loadLedger, postedEvent } from '../intelligence/ledger-fixtures.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
let ai: TestAi;
let transport: EventTransport;
const tenantA = newTenant();
const URL = '/api/v1/finance/llm/anomalies';
const RANGE = '?from=2026-06-01&to=2026-06-30';

/** Office supplies every week of the first half of 2026, a duplicate in June and an amount ten times the usual. */
function ledger(): { entries: LedgerEntry[]; duplicate: LedgerEntry; outlier: LedgerEntry } {
  const weekly = Array.from({ length: 24 }, (_, week) =>
    bankPayment({
      description: 'Viking Bürobedarf Bestellung',
      gross: (100 + (week % 5) * 10).toFixed(2),
      expense: '4930',
      date: addDays('2026-01-05', week * 7),
    }),
  );
  const original = bankPayment({ description: 'Otto Office Toner', gross: '84.20', expense: '4930', date: '2026-06-08' });
  const duplicate = bankPayment({ description: 'Otto Office Toner', gross: '84.20', expense: '4930', date: '2026-06-09' });
  const outlier = bankPayment({ description: 'Viking Bürobedarf Bestellung', gross: '1190.00', expense: '4930', date: '2026-06-15' });
  return { entries: [...weekly, original, duplicate, outlier], duplicate, outlier };
}

const fixture = ledger();

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'), {
    ledgerQueue: `ai-anomalies-${randomUUID().slice(0, 8)}`,
    events: async (url) => {
      transport = await createPgBossTransport({ url, logger: silent, pollingIntervalSeconds: 0.5 });
      return transport;
    },
  });
  await loadLedger(ai.db, tenantA, fixture.entries);
});
afterAll(() => ai.close());

async function get(tenantId: string, query = RANGE) {
  return ai.app.inject({ method: 'GET', url: `${URL}${query}`, headers: await ai.headers(tenantId) });
}

async function waitForGeneration(tenantId: string, after: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await withTenant(ai.db.kysely, tenantId, (trx) => findGeneration(trx, tenantId))) !== after) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the event was not applied within 20 s');
}

describe('GET /api/v1/finance/llm/anomalies', () => {
  it('should report the duplicate and the outlier of the range with German reasons', async () => {
    const response = await get(tenantA);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ from: '2026-06-01', to: '2026-06-30', chart: 'skr03', cached: false });
    expect(body.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'duplicate', entry_ids: [fixture.duplicate.id, expect.any(String)], flagged_entry_ids: [fixture.duplicate.id] }),
        expect.objectContaining({
          kind: 'amount_outlier',
          entry_ids: [fixture.outlier.id],
          account: '4930',
          reason: expect.stringContaining('liegt weit über dem Üblichen'),
        }),
      ]),
    );
    expect(body.summary).toMatchObject({ entries_checked: 6, flagged_entries: 2 });
    expect(body.summary.by_kind).toMatchObject({ duplicate: 1, amount_outlier: 1 });
  });

  it('should answer from the cache until a posted event for the tenant arrives through the queue', async () => {
    const first = await get(tenantA, `${RANGE}&lang=en`);
    const cached = await get(tenantA, `${RANGE}&lang=en`);
    const again = bankPayment({ description: 'Viking Bürobedarf Bestellung', gross: '1190.00', expense: '4930', date: '2026-06-16' });

    // 1. A posted event goes through pg-boss to the service's consumer, which bumps the tenant's generation.
    await transport.publish(postedEvent(tenantA, again));
    await waitForGeneration(tenantA, first.json().generation);
    // 2. The next request computes afresh and sees the new entry.
    const fresh = await get(tenantA, `${RANGE}&lang=en`);

    expect(cached.json()).toMatchObject({ cached: true, generation: first.json().generation });
    expect(fresh.json().cached).toBe(false);
    expect(fresh.json().generation).not.toBe(first.json().generation);
    expect(fresh.json().findings.map((finding: { entry_ids: string[] }) => finding.entry_ids[0])).toContain(again.id);
    expect(fresh.json().findings.find((finding: { kind: string }) => finding.kind === 'duplicate').reason).toMatch(/^Probably a duplicate/);
  });

  it("should find nothing for a tenant without entries, whatever another tenant's ledger holds", async () => {
    const response = await get(newTenant());

    expect(response.json()).toMatchObject({ findings: [], summary: { entries_checked: 0, flagged_entries: 0 }, generation: '0' });
  });

  it('should take approval limits from the query', async () => {
    const response = await get(tenantA, `${RANGE}&approval_limits=1200`);

    expect(response.json().findings.filter((finding: { kind: string }) => finding.kind === 'just_below_approval_limit')).toHaveLength(2);
  });

  it.each([
    ['from after to', '?from=2026-07-01&to=2026-06-01', 'AI_LEDGER_QUERY_INVALID'],
    ['a range over 366 days', '?from=2025-01-01&to=2026-06-30', 'AI_LEDGER_QUERY_INVALID'],
    ['an impossible date', '?from=2026-02-30&to=2026-03-01', 'KIT_VALIDATION_FAILED'],
    ['malformed approval limits', `${RANGE}&approval_limits=1000;5000`, 'KIT_VALIDATION_FAILED'],
    ['an unknown chart', `${RANGE}&chart=skr99`, 'KIT_VALIDATION_FAILED'],
    ['a limit of 0', `${RANGE}&limit=0`, 'KIT_VALIDATION_FAILED'],
    ['a huge parameter', `?from=${'9'.repeat(5000)}`, 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s with a 400 problem', async (_case, query, code) => {
    const response = await get(tenantA, query);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, code });
  });
});

describe('GET /api/v1/finance/llm/anomalies on a ledger over the limit', () => {
  it('should refuse with 422 instead of reading more entries than allowed', async () => {
    const small = await buildTestApp(inject('adminUrl'), { env: { AI_LEDGER_ENTRIES_MAX: '100' } });
    try {
      const tenantId = newTenant();
      await loadLedger(
        small.db,
        tenantId,
        Array.from({ length: 101 }, (_, index) => bankPayment({ description: `Lieferant ${index}`, gross: '10.00', expense: '4930', date: '2026-06-10' })),
      );

      const response = await small.app.inject({ method: 'GET', url: `${URL}${RANGE}`, headers: await small.headers(tenantId) });

      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'AI_LEDGER_TOO_LARGE' });
    } finally {
      await small.close();
    }
  });
});
