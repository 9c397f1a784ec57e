import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { loadLedger, phoneFuelAndOfficeHistory } from '../intelligence/ledger-fixtures.js';

let ai: TestAi;
const tenantA = newTenant();
const URL = '/api/v1/finance/llm/suggestions';

const history = () => phoneFuelAndOfficeHistory('Viking');

const telekomPayment = {
  kind: 'bank_transaction',
  counterparty: 'TELEKOM DEUTSCHLAND GMBH',
  purpose: 'Mobilfunk 05/2026 Kundennr 12345678',
  amount: '-119.00',
  date: '2026-05-05',
};

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'), { now: () => new Date('2026-06-01T10:00:00Z') });
  await loadLedger(ai.db, tenantA, history());
});
afterAll(() => ai.close());

async function post(tenantId: string, payload: unknown, query = '', headers: Record<string, string> = {}) {
  return ai.app.inject({
    method: 'POST',
    url: `${URL}${query}`,
    headers: { ...(await ai.headers(tenantId)), ...headers },
    payload: payload as Record<string, unknown>,
  });
}

async function feedback(tenantId: string, id: string, payload: unknown) {
  return ai.app.inject({ method: 'POST', url: `${URL}/${id}/feedback`, headers: await ai.headers(tenantId), payload: payload as Record<string, unknown> });
}

async function suggestionCount(tenantId: string): Promise<number> {
  const { rows } = await withTenant(ai.db.kysely, tenantId, (trx) => sql<{ count: string }>`select count(*) as count from suggestion`.execute(trx));
  return Number(rows[0]?.count);
}

describe('POST /api/v1/finance/llm/suggestions', () => {
  it("should rank the known counterparty's pair first with a German reason and the entries behind it", async () => {
    const response = await post(tenantA, telekomPayment);

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`${URL}/${body.id}`);
    expect(body.proposals[0]).toMatchObject({ rank: 1, debit_account: '4920', credit_account: '1200', tax_code: 'VSt19', cost_centre: null });
    expect(body.proposals[0].confidence).toBeGreaterThan(0.7);
    expect(body.proposals[0].reason).toMatch(/^Gebucht wie 4 frühere Buchung/);
    expect(body.proposals[0].similar_entry_ids).toHaveLength(4);
    expect(body).toMatchObject({ kind: 'bank_transaction', learned_entries: 8, amount: '119.00' });
  });

  it('should word reasons in English when asked', async () => {
    const response = await post(tenantA, telekomPayment, '?lang=en&limit=1');

    expect(response.json().proposals).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^Posted like 4 earlier entr/) })]);
  });

  it('should propose for an incoming invoice in free text and show what it read', async () => {
    const response = await post(tenantA, { kind: 'incoming_invoice', text: 'Büroshop GmbH\nRechnung Nr. 88\nToner schwarz\nGesamt 59,50 EUR' });

    expect(response.statusCode).toBe(201);
    expect(response.json().proposals[0]).toMatchObject({ debit_account: '4930', credit_account: '1600' });
    expect(response.json().extracted).toMatchObject({ supplier: 'Büroshop GmbH', invoiceNumber: '88', amountGross: '59.50' });
  });

  it('should complete a draft entry around the account it already has', async () => {
    const response = await post(tenantA, { kind: 'draft_entry', description: 'Diesel Tankstelle', amount: '70.00', account: '4530' });

    expect(response.json().proposals[0]).toMatchObject({ debit_account: '4530', credit_account: '1200' });
  });

  it("should never propose from another tenant's history", async () => {
    const tenantB = newTenant();

    const response = await post(tenantB, telekomPayment);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ proposals: [], learned_entries: 0 });
  });

  it('should answer a repeated Idempotency-Key with the same suggestion', async () => {
    const headers = { 'idempotency-key': `suggest-${newTenant()}` };

    const [first, second] = [await post(tenantA, telekomPayment, '', headers), await post(tenantA, telekomPayment, '', headers)];

    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it.each([
    ['an empty body', {}],
    ['an unknown kind', { ...telekomPayment, kind: 'cheque' }],
    ['an amount as a number', { ...telekomPayment, amount: -119 }],
    ['an amount with three decimals', { ...telekomPayment, amount: '-1.005' }],
    ['an impossible date', { ...telekomPayment, date: '2026-02-30' }],
    ['a purpose of 1001 characters', { ...telekomPayment, purpose: 'x'.repeat(1001) }],
    ['an unknown field', { ...telekomPayment, payee: 'x' }],
    ['an invoice text of 20 001 characters', { kind: 'incoming_invoice', text: 'x'.repeat(20_001) }],
    ['a draft without description', { kind: 'draft_entry', description: '' }],
  ])('should refuse %s with a 400 problem and store nothing', async (_case, payload) => {
    const before = await suggestionCount(tenantA);

    const response = await post(tenantA, payload);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, code: 'KIT_VALIDATION_FAILED' });
    expect(await suggestionCount(tenantA)).toBe(before);
  });

  it('should refuse an invoice with neither supplier nor text with 422', async () => {
    const response = await post(tenantA, { kind: 'incoming_invoice', amount_gross: '10.00' });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'AI_SUGGESTION_INPUT_INVALID' });
  });

  it('should refuse a body over the size limit with 413', async () => {
    const response = await post(tenantA, { kind: 'incoming_invoice', text: 'x'.repeat(1_100_000) });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'KIT_PAYLOAD_TOO_LARGE' });
  });

  it('should refuse a limit outside 1 to 10', async () => {
    expect((await post(tenantA, telekomPayment, '?limit=11')).statusCode).toBe(400);
  });
});

describe('POST /api/v1/finance/llm/suggestions/:id/feedback', () => {
  it('should learn the posting chosen instead of a rejected proposal, so the next suggestion follows it', async () => {
    const tenantId = newTenant();
    await loadLedger(ai.db, tenantId, history());
    const internet = {
      kind: 'bank_transaction',
      counterparty: 'Telekom Deutschland',
      purpose: 'Glasfaser Internet Anschluss',
      amount: '-49.90',
      date: '2026-05-20',
    };
    const first = (await post(tenantId, internet)).json();

    const response = await feedback(tenantId, first.id, {
      outcome: 'rejected',
      chosen: { debit_account: '4925', credit_account: '1200', tax_code: 'VSt19', cost_centre: 'K100' },
    });
    await feedback(tenantId, (await post(tenantId, internet)).json().id, {
      outcome: 'accepted',
      chosen: { debit_account: '4925', credit_account: '1200', tax_code: 'VSt19' },
    });
    const next = (await post(tenantId, internet)).json();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: first.id,
      outcome: 'rejected',
      learned: { debit_account: '4925', credit_account: '1200', tax_code: 'VSt19' },
      rejected: { debit_account: '4920', credit_account: '1200', tax_code: 'VSt19' },
    });
    expect(next.proposals[0]).toMatchObject({ debit_account: '4925', cost_centre: 'K100' });
  });

  it('should take feedback once', async () => {
    const { id } = (await post(tenantA, telekomPayment)).json();

    const [first, second] = [await feedback(tenantA, id, { outcome: 'accepted' }), await feedback(tenantA, id, { outcome: 'accepted' })];

    expect(first.json()).toMatchObject({ outcome: 'accepted', learned: { debit_account: '4920' }, rejected: null });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'AI_SUGGESTION_DECIDED' });
  });

  it("should answer 404 for an unknown suggestion and for another tenant's", async () => {
    const { id } = (await post(tenantA, telekomPayment)).json();

    expect((await feedback(newTenant(), id, { outcome: 'accepted' })).json()).toMatchObject({ status: 404, code: 'AI_SUGGESTION_NOT_FOUND' });
    expect((await feedback(tenantA, '3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f', { outcome: 'accepted' })).statusCode).toBe(404);
  });

  it('should refuse a rank the suggestion did not have, and acceptance of nothing', async () => {
    const { id } = (await post(tenantA, telekomPayment, '?limit=1')).json();
    const empty = (await post(newTenant(), telekomPayment)).json();

    expect((await feedback(tenantA, id, { outcome: 'accepted', rank: 2 })).json()).toMatchObject({ status: 422, code: 'AI_FEEDBACK_INVALID' });
    expect((await feedback(tenantA, id, { outcome: 'accepted', chosen: { debit_account: '4920', credit_account: '4920' } })).json()).toMatchObject({
      status: 422,
    });
    expect(empty.proposals).toEqual([]);
  });

  it.each([
    ['an unknown outcome', { outcome: 'maybe' }],
    ['a malformed account', { outcome: 'rejected', chosen: { debit_account: '49x0', credit_account: '1200' } }],
    ['a rank of 0', { outcome: 'accepted', rank: 0 }],
    ['an unknown field', { outcome: 'accepted', comment: 'ok' }],
  ])('should refuse %s with 400', async (_case, payload) => {
    const { id } = (await post(tenantA, telekomPayment)).json();

    const response = await feedback(tenantA, id, payload);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('should refuse an id that is not a UUID with 400', async () => {
    expect((await feedback(tenantA, 'not-a-uuid', { outcome: 'accepted' })).statusCode).toBe(400);
  });
});
