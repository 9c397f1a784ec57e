import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBalanceCompaction } from '../../src/ledger/balance-compaction.js';
import { buildTestApp, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError, sqlRows } from '../sql.js';

let finance: TestFinance;
let now = new Date('2026-03-02T10:00:00.250Z');
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'), { clock: () => now });
});
afterAll(() => finance.close());

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

describe('the serialised part of a posting', () => {
  it('should never stamp an entry earlier than the one before it, even when the clock goes back, and keep the chain intact', async () => {
    const client = await readyTenant(finance);
    now = new Date('2026-03-02T10:00:00.250Z');
    const first = await postEntry(client);
    now = new Date('2026-03-02T09:59:58.000Z');
    const second = await postEntry(client);
    now = new Date('2026-03-02T10:00:05.123Z');
    const third = await postEntry(client);

    const verify = (await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

    expect([first.posted_at, second.posted_at, third.posted_at]).toEqual(['2026-03-02T10:00:00.250Z', '2026-03-02T10:00:00.250Z', '2026-03-02T10:00:05.123Z']);
    expect([first.number, second.number, third.number]).toEqual([1, 2, 3]);
    expect([second.previous_hash, third.previous_hash]).toEqual([first.hash, second.hash]);
    expect(verify).toMatchObject({ status: 'intact', entries_checked: 3 });
  });

  it('should fill the number, posting time and seal into the posted event in the same transaction', async () => {
    const client = await readyTenant(finance);
    const entry = await postEntry(client, entryInput({ lines: [debit('1200', '119.00'), credit('8400', '119.00')] }));

    const [event] = await sqlRows<{ data: Record<string, unknown> }>(
      finance,
      'admin',
      `select data from outbox where type = 'erp.finance.entry.posted.v1' and subject = $1`,
      [entry.id],
    );

    expect(event?.data).toMatchObject({ entry_id: entry.id, number: entry.number, posted_at: entry.posted_at, hash: entry.hash, period: 1 });
    expect(event?.data.lines).toHaveLength(3);
  });

  it('should post only a draft of the caller’s own tenant, and leave the counter as it was otherwise', async () => {
    const client = await readyTenant(finance);
    const other = await readyTenant(finance);
    const posted = await postEntry(client);
    const draft = (await other.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();
    const call = (tenantId: string, entryId: string) =>
      `select * from post_journal_entries('${tenantId}', now(), 1::smallint, array['${entryId}']::uuid[], array[2026], array[1]::smallint[], array['sql'], array[''], array[''], array[''], array[gen_random_uuid()])`;

    const again = await sqlError(finance, 'runtime', call(client.tenantId, posted.id), client.tenantId);
    const foreignCounter = await sqlError(finance, 'runtime', call(other.tenantId, draft.id), client.tenantId);
    const foreignDraft = await sqlError(finance, 'runtime', call(client.tenantId, draft.id), client.tenantId);
    const counters = await sqlRows<{ last_number: number }>(
      finance,
      'admin',
      'select last_number from posting_counter where tenant_id = any($1::uuid[]) order by last_number',
      [[client.tenantId, other.tenantId]],
    );

    expect([again.code, foreignCounter.code, foreignDraft.code]).toEqual(['FN010', 'P0002', 'FN010']);
    expect(counters).toEqual([{ last_number: 0 }, { last_number: 1 }]);
  });
});

describe('the balance compaction job', () => {
  it('should fold the deltas in within a few runs and stop cleanly', async () => {
    const client = await readyTenant(finance);
    await postEntry(client);
    const job = startBalanceCompaction(finance.db.kysely, 20, silent);

    let left = await countRows(finance, 'account_balance_delta', client.tenantId);
    for (let attempt = 0; attempt < 100 && left > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await countRows(finance, 'account_balance_delta', client.tenantId);
    }
    await job.stop();

    expect(left).toBe(0);
    expect(await countRows(finance, 'account_balance', client.tenantId)).toBe(3);
  });

  it('should run every second by default and be switched off with 0', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/erp' }).balanceCompactionIntervalMs).toBe(1000);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/erp', BALANCE_COMPACTION_INTERVAL_MS: '0' }).balanceCompactionIntervalMs).toBe(0);
  });
});
