import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntryDraft } from '../../src/domain/entry.js';
import type { LedgerContext } from '../../src/ledger/context.js';
import { type BatchOutcome, createPostingBatcher } from '../../src/ledger/posting-batcher.js';
import { buildTestApp, credit, debit, entryInput, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlRows } from '../sql.js';

let finance: TestFinance;
let context: LedgerContext;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  context = { db: finance.db.kysely, clock: () => new Date() };
});
afterAll(() => finance.close());

function draft(overrides: Partial<EntryDraft> = {}): EntryDraft {
  return {
    postingDate: '2026-01-15',
    documentDate: '2026-01-15',
    documentRef: `RE-${randomUUID().slice(0, 8)}`,
    description: 'Barverkauf',
    currency: 'EUR',
    exchangeRate: '1',
    lines: [
      { account: '1000', debit: '119.00' },
      { account: '8400', credit: '119.00' },
    ],
    ...overrides,
  };
}

/** A batcher whose batches are recorded; `concurrency: 1` makes everything that arrives meanwhile wait for one batch. */
function recordingBatcher(concurrency = 1) {
  const batches: { size: number; outcome: BatchOutcome }[] = [];
  const batcher = createPostingBatcher(context, { concurrency, onBatch: (size, outcome) => batches.push({ size, outcome }) });
  return { batcher, batches };
}

describe('the posting batcher', () => {
  it('should post drafts that arrive together in shared transactions, numbered gap-free in arrival order, with the chain intact', async () => {
    const client = await readyTenant(finance);
    const actor = { tenantId: client.tenantId, actorId: client.userId };
    const { batcher, batches } = recordingBatcher();

    const posted = await Promise.all(Array.from({ length: 30 }, (_, index) => batcher.post(actor, draft({ documentRef: `RE-${index + 1}` }))));
    const verify = (await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

    expect(posted.map((result) => result.entry.number)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(posted.map((result) => result.entry.document_ref)).toEqual(Array.from({ length: 30 }, (_, index) => `RE-${index + 1}`));
    // The first draft starts a transaction at once; the 29 that arrive while it runs share the next one.
    expect(batches).toEqual([
      { size: 1, outcome: 'posted' },
      { size: 29, outcome: 'posted' },
    ]);
    expect(verify).toMatchObject({ status: 'intact', entries_checked: 30 });
    expect(await countRows(finance, 'outbox', client.tenantId)).toBe(30);
  });

  it('should answer a batched posting exactly as the journal reads it back', async () => {
    const client = await readyTenant(finance);
    const actor = { tenantId: client.tenantId, actorId: client.userId };
    const { batcher } = recordingBatcher();
    const drafts = [
      draft(),
      draft({
        lines: [
          { account: '1200', debit: '107.00' },
          { account: '8300', credit: '107.00', text: 'Bücher 7 %' },
        ],
      }),
      draft({
        currency: 'USD',
        exchangeRate: '1.0825',
        lines: [
          { account: '1200', debit: '108.25' },
          { account: '8400', credit: '108.25' },
        ],
      }),
    ];

    const posted = await Promise.all(drafts.map((item) => batcher.post(actor, item)));
    const read = await Promise.all(posted.map((result) => client.get(`${FINANCE}/transactions/${result.entry.id}`)));

    for (const [index, result] of posted.entries()) {
      const { entryToResponse, etagOf } = await import('../../src/routes/entry-schemas.js');
      expect(entryToResponse(result)).toEqual(read[index]?.json());
      expect(etagOf(result)).toBe(read[index]?.headers.etag);
    }
  });

  it('should refuse only the drafts the chart or the periods refuse, and post the rest of the batch', async () => {
    const client = await readyTenant(finance);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/2/close`, {});
    const actor = { tenantId: client.tenantId, actorId: client.userId };
    const { batcher, batches } = recordingBatcher();

    const blocker = batcher.post(actor, draft());
    const outcomes = await Promise.allSettled([
      batcher.post(actor, draft()),
      batcher.post(
        actor,
        draft({
          lines: [
            { account: '1000', debit: '1.00' },
            { account: '9999999', credit: '1.00' },
          ],
        }),
      ),
      batcher.post(actor, draft({ postingDate: '2026-02-10' })),
      batcher.post(actor, draft({ postingDate: '2031-01-10' })),
      batcher.post(actor, draft()),
    ]);
    await blocker;

    const codes = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.entry.number : (outcome.reason as { code?: string }).code));
    expect(codes).toEqual([2, 'FIN_UNKNOWN_ACCOUNT', 'FIN_PERIOD_CLOSED', 'FIN_NO_FISCAL_PERIOD', 3]);
    expect(batches).toEqual([
      { size: 1, outcome: 'posted' },
      { size: 5, outcome: 'posted' },
    ]);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(3);
  });

  it('should post each draft of a batch on its own when the batch fails as a whole, so only the bad one fails', async () => {
    const client = await readyTenant(finance);
    const actor = { tenantId: client.tenantId, actorId: client.userId };
    const { batcher, batches } = recordingBatcher();

    // A refusal only the database knows, like a period closed between the check and the posting: a trigger of this test.
    await sqlRows(
      finance,
      'admin',
      `create function refuse_marked_entry() returns trigger language plpgsql as $$
       begin
         if new.description = 'refused by the database' then raise exception 'refused for the test'; end if;
         return new;
       end $$`,
    );
    await sqlRows(finance, 'admin', 'create trigger refuse_marked_entry before insert on journal_entry for each row execute function refuse_marked_entry()');

    const blocker = batcher.post(actor, draft());
    const outcomes = await Promise.allSettled([
      batcher.post(actor, draft()),
      batcher.post(actor, draft({ description: 'refused by the database' })),
      batcher.post(actor, draft()),
    ]);
    await blocker;

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.entry.number] : []))).toEqual([2, 3]);
    expect(batches).toEqual([
      { size: 1, outcome: 'posted' },
      { size: 3, outcome: 'split' },
    ]);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(3);
    expect((await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json()).toMatchObject({ status: 'intact', entries_checked: 3 });
  });

  it('should keep tenants apart: each tenant has its own batches and its own numbers', async () => {
    const [first, second] = [await readyTenant(finance), await readyTenant(finance)];
    const { batcher } = recordingBatcher();

    const posted = await Promise.all(
      Array.from({ length: 10 }, (_, index) => {
        const client = index % 2 === 0 ? first : second;
        return batcher.post({ tenantId: client.tenantId, actorId: client.userId }, draft());
      }),
    );

    expect(posted.map((result) => result.entry.number)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(await countRows(finance, 'journal_entry', first.tenantId)).toBe(5);
    expect(await countRows(finance, 'journal_entry', second.tenantId)).toBe(5);
  });

  it('should report drained only when nothing runs or waits', async () => {
    const client = await readyTenant(finance);
    const { batcher } = recordingBatcher();
    let drained = false;

    const postings = Promise.all(Array.from({ length: 5 }, () => batcher.post({ tenantId: client.tenantId, actorId: client.userId }, draft())));
    const done = batcher.drained().then(() => {
      drained = true;
    });
    await postings;
    await done;

    expect(drained).toBe(true);
    await expect(batcher.drained()).resolves.toBeUndefined();
  });
});

describe('POST /transactions under load', () => {
  it('should post 40 parallel requests in fewer transactions than requests, each answered 201 with its own entry', async () => {
    const client = await readyTenant(finance);

    const answers = await Promise.all(
      Array.from({ length: 40 }, () => client.post(`${FINANCE}/transactions`, entryInput({ lines: [debit('1000', '119.00'), credit('8400', '119.00')] }))),
    );
    const metrics = (await finance.app.inject({ method: 'GET', url: '/metrics' })).body;

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(40).fill(201));
    expect(new Set(answers.map((answer) => answer.json().id)).size).toBe(40);
    expect(answers.map((answer) => answer.headers.location)).toEqual(answers.map((answer) => `${FINANCE}/transactions/${answer.json().id}`));
    const count = Number(/finance_posting_batch_entries_count\{[^}]*outcome="posted"[^}]*\} (\d+)/.exec(metrics)?.[1]);
    const sum = Number(/finance_posting_batch_entries_sum\{[^}]*outcome="posted"[^}]*\} (\d+)/.exec(metrics)?.[1]);
    expect(sum).toBeGreaterThanOrEqual(40);
    expect(count).toBeLessThan(sum);
  });
});
