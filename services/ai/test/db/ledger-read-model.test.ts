import { randomUUID } from 'node:crypto';
import { InvalidCloudEventError, withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLedgerConsumer } from '../../src/intelligence/ledger-consumer.js';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { bankPayment, credit, debit, ledgerEntry, postedEvent, reversedEvent } from '../intelligence/ledger-fixtures.js';

let ai: TestAi;
const noTransport = { subscribe: async () => {} };

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
});
afterAll(() => ai.close());

const consumer = () => createLedgerConsumer({ db: ai.db.kysely, transport: noTransport });

async function rows(tenantId: string) {
  return withTenant(ai.db.kysely, tenantId, async (trx) => {
    const entries = await trx.selectFrom('ledger_entry').select(['entry_id', 'reversed', 'learned', 'label']).execute();
    const lines = await trx.selectFrom('ledger_line').select('entry_id').execute();
    const labels = await trx.selectFrom('suggestion_label').select(['label', 'entries']).execute();
    const tokens = await trx.selectFrom('suggestion_token').select(['token', 'label', 'entries']).where('token', '=', 'telekom').execute();
    const state = await trx.selectFrom('ledger_state').select(['generation', 'learned']).executeTakeFirst();
    return { entries, lines, labels, tokens, state };
  });
}

const telekom = () => bankPayment({ description: 'Telekom Deutschland Mobilfunk Rechnung 4711', gross: '119.00', expense: '4920', date: '2026-03-02' });

describe('the ledger read model', () => {
  it('should store and learn an entry once when its event is delivered twice', async () => {
    const tenantId = newTenant();
    const event = postedEvent(tenantId, telekom());

    const outcomes = [await consumer().handle(event), await consumer().handle(event)];

    expect(outcomes).toEqual(['handled', 'duplicate']);
    const stored = await rows(tenantId);
    expect(stored.entries).toHaveLength(1);
    expect(stored.lines).toHaveLength(3);
    expect(stored.labels).toEqual([{ label: '4920|1200|VSt19', entries: 1 }]);
    expect(stored.tokens).toEqual([{ token: 'telekom', label: '4920|1200|VSt19', entries: 1 }]);
    expect(stored.state).toEqual({ generation: '1', learned: 1 });
  });

  it('should not learn an entry twice when it comes again under another event id', async () => {
    const tenantId = newTenant();
    const entry = telekom();

    await consumer().handle(postedEvent(tenantId, entry));
    await consumer().handle(postedEvent(tenantId, entry));

    expect((await rows(tenantId)).state).toEqual({ generation: '1', learned: 1 });
  });

  it('should unlearn an entry that a posted reversal cancels, and learn nothing from the reversal', async () => {
    const tenantId = newTenant();
    const original = telekom();
    const reversal = ledgerEntry({
      reversalOf: original.id,
      description: 'Storno',
      lines: [debit('1200', '119.00'), credit('4920', '100.00'), credit('1576', '19.00', { taxOf: 1 })],
    });

    await consumer().handle(postedEvent(tenantId, original));
    await consumer().handle(postedEvent(tenantId, reversal));
    await consumer().handle(reversedEvent(tenantId, original.id, reversal.id));

    const stored = await rows(tenantId);
    expect(stored.entries.find((entry) => entry.entry_id === original.id)).toMatchObject({ reversed: true, learned: false });
    expect(stored.entries.find((entry) => entry.entry_id === reversal.id)).toMatchObject({ reversed: false, learned: false });
    expect(stored.labels).toEqual([{ label: '4920|1200|VSt19', entries: 0 }]);
    expect(stored.state?.learned).toBe(0);
  });

  it('should not learn an entry whose reversal arrived before it', async () => {
    const tenantId = newTenant();
    const original = telekom();

    await consumer().handle(reversedEvent(tenantId, original.id, randomUUID()));
    await consumer().handle(postedEvent(tenantId, original));

    const stored = await rows(tenantId);
    expect(stored.entries).toEqual([expect.objectContaining({ reversed: true, learned: false })]);
    expect(stored.state?.learned).toBe(0);
  });

  it.each([
    ['data that does not match the schema', (tenantId: string) => ({ ...postedEvent(tenantId, telekom()), data: { entry_id: 'x' } })],
    ['no tenantid', (tenantId: string) => ({ ...postedEvent(tenantId, telekom()), tenantid: undefined })],
  ])('should refuse an event with %s as invalid and write nothing', async (_case, make) => {
    const tenantId = newTenant();
    const event = make(tenantId);

    await expect(consumer().handle(event)).rejects.toBeInstanceOf(InvalidCloudEventError);

    expect((await rows(tenantId)).entries).toEqual([]);
    const inbox = await sql<{ count: string }>`select count(*) as count from inbox where event_id = ${event.id}`.execute(ai.db.kysely);
    expect(Number(inbox.rows[0]?.count)).toBe(0);
  });

  it("should keep one tenant's entries invisible to another", async () => {
    const [tenantA, tenantB] = [newTenant(), newTenant()];

    await consumer().handle(postedEvent(tenantA, telekom()));

    expect((await rows(tenantB)).entries).toEqual([]);
    expect((await rows(tenantB)).labels).toEqual([]);
  });

  it('should subscribe the ai queue to exactly the two finance entry events', async () => {
    const subscriptions: { queue: string; types: readonly string[] }[] = [];
    const transport = { subscribe: async (subscription: { queue: string; types: readonly string[] }) => void subscriptions.push(subscription) };

    await createLedgerConsumer({ db: ai.db.kysely, transport }).start();

    expect(subscriptions).toEqual([{ queue: 'ai', types: ['erp.finance.entry.posted.v1', 'erp.finance.entry.reversed.v1'], handler: expect.any(Function) }]);
  });
});
