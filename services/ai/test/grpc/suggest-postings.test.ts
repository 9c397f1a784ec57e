import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { createTestTokens, type TestTokens } from '@erp/kit/testing';
import { status } from '@grpc/grpc-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_AI_PERMISSIONS } from '../helpers.js';
import { bankPayment, credit, debit, ledgerEntry, loadLedger } from '../intelligence/ledger-fixtures.js';
import { buildGrpcTestApp, createTestClient, type FinanceIntelligenceTestClient, type GrpcTestAi, refusalOf } from './grpc-app.js';

let ai: GrpcTestAi;
let tokens: TestTokens;
let client: FinanceIntelligenceTestClient;
const tenantA = randomUUID();
const tenantB = randomUUID();

const history = () => [
  ...['01', '02', '03', '04'].map((month) =>
    bankPayment({ description: `Telekom Deutschland Mobilfunk ${month}/2026`, gross: '119.00', expense: '4920', date: `2026-${month}-05` }),
  ),
  ledgerEntry({ description: 'Viking Rechnung 2026-1', lines: [debit('4930', '100.00', { text: 'Toner Papier' }), credit('1600', '100.00')] }),
];

const telekomPayment = {
  counterparty: 'TELEKOM DEUTSCHLAND GMBH',
  purpose: 'Mobilfunk 05/2026 Kundennr 12345678',
  amount: '-119.00',
  date: '2026-05-05',
};

const bearer = (tenantId: string, permissions = ALL_AI_PERMISSIONS) => tokens.bearer({ tenantId, permissions });

async function suggestionCount(tenantId: string): Promise<number> {
  const { rows } = await withTenant(ai.db.kysely, tenantId, (trx) => sql<{ count: string }>`select count(*) as count from suggestion`.execute(trx));
  return Number(rows[0]?.count);
}

beforeAll(async () => {
  tokens = await createTestTokens();
  ai = await buildGrpcTestApp(inject('adminUrl'), { verifier: tokens.verifier, now: () => new Date('2026-06-01T10:00:00Z') });
  client = createTestClient(ai.address);
  await loadLedger(ai.db, tenantA, history());
});
afterAll(async () => {
  client.close();
  await ai.close();
});

describe('FinanceIntelligence.SuggestPostings', () => {
  it('should answer with the same proposals as POST /api/v1/finance/llm/suggestions for the same input', async () => {
    const authorization = await bearer(tenantA);

    const http = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/finance/llm/suggestions?lang=en',
      headers: { authorization },
      payload: { kind: 'bank_transaction', ...telekomPayment },
    });
    const grpc = await client.suggestPostings({ bank_transaction: telekomPayment, language: 'en' }, { authorization });

    const expected = http.json();
    expect(http.statusCode).toBe(201);
    expect(grpc.suggestion_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(grpc.suggestion_id).not.toBe(expected.id);
    expect(grpc).toMatchObject({ kind: 'bank_transaction', learned_entries: expected.learned_entries, amount: '119.00', extracted: null });
    expect(grpc.proposals).toEqual(
      expected.proposals.map((proposal: Record<string, unknown>) => ({
        ...proposal,
        tax_code: proposal.tax_code ?? '',
        cost_centre: proposal.cost_centre ?? '',
      })),
    );
    expect(grpc.proposals[0]).toMatchObject({ rank: 1, debit_account: '4920', credit_account: '1200', tax_code: 'VSt19', cost_centre: '' });
  });

  it('should store the suggestion, so that feedback over HTTP finds it', async () => {
    const authorization = await bearer(tenantA);
    const grpc = await client.suggestPostings({ draft_entry: { description: 'Toner Papier Viking', amount: '100.00' } }, { authorization });

    const feedback = await ai.app.inject({
      method: 'POST',
      url: `/api/v1/finance/llm/suggestions/${grpc.suggestion_id}/feedback`,
      headers: { authorization },
      payload: { outcome: 'accepted' },
    });

    expect(grpc.proposals[0]).toMatchObject({ debit_account: '4930', credit_account: '1600' });
    expect(feedback.statusCode).toBe(200);
  });

  it('should read an invoice text and show what it read', async () => {
    const text = 'Büroshop GmbH\nRechnung Nr. 88\nToner schwarz\nGesamt 59,50 EUR';

    const grpc = await client.suggestPostings({ incoming_invoice: { text } }, { authorization: await bearer(tenantA) });

    expect(grpc.extracted).toMatchObject({ supplier: 'Büroshop GmbH', invoice_number: '88', amount_gross: '59.50' });
    expect(grpc.amount).toBe('59.50');
  });

  it("should not propose from another tenant's ledger", async () => {
    const grpc = await client.suggestPostings({ bank_transaction: telekomPayment }, { authorization: await bearer(tenantB) });

    expect(grpc).toMatchObject({ learned_entries: 0, proposals: [] });
  });
});

describe('FinanceIntelligence.SuggestPostings refusals', () => {
  it('should refuse a call without a token with UNAUTHENTICATED and store nothing', async () => {
    const before = await suggestionCount(tenantA);

    const refusal = await refusalOf(client.suggestPostings({ bank_transaction: telekomPayment }));

    expect(refusal).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'KIT_UNAUTHENTICATED' });
    expect(await suggestionCount(tenantA)).toBe(before);
  });

  it('should refuse a malformed token, one of another issuer and an expired one with UNAUTHENTICATED', async () => {
    const stranger = await createTestTokens();
    const request = { bank_transaction: telekomPayment };

    const malformed = await refusalOf(client.suggestPostings(request, { authorization: 'Bearer not a token' }));
    const foreign = await refusalOf(
      client.suggestPostings(request, { authorization: await stranger.bearer({ tenantId: tenantA, permissions: ALL_AI_PERMISSIONS }) }),
    );
    const expired = await refusalOf(
      client.suggestPostings(request, { authorization: await tokens.bearer({ tenantId: tenantA, permissions: ALL_AI_PERMISSIONS, ttlS: -60 }) }),
    );

    expect([malformed.code, foreign.code, expired.code]).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED, status.UNAUTHENTICATED]);
    expect(expired.details).toMatch(/expired/);
  });

  it('should refuse a token without ai.suggestions:read, and x-tenant-id of another tenant, with PERMISSION_DENIED', async () => {
    const request = { bank_transaction: telekomPayment };

    const withoutPermission = await refusalOf(client.suggestPostings(request, { authorization: await bearer(tenantA, ['ai.assistant:use']) }));
    const otherTenant = await refusalOf(client.suggestPostings(request, { authorization: await bearer(tenantA), metadata: { 'x-tenant-id': tenantB } }));

    expect(withoutPermission).toMatchObject({ code: status.PERMISSION_DENIED, errorCode: 'KIT_FORBIDDEN' });
    expect(withoutPermission.details).toContain('ai.suggestions:read');
    expect(otherTenant).toMatchObject({ code: status.PERMISSION_DENIED, errorCode: 'KIT_FORBIDDEN' });
  });

  it('should refuse invalid messages with INVALID_ARGUMENT naming the field, and store nothing', async () => {
    const authorization = await bearer(tenantA);
    const before = await suggestionCount(tenantA);

    const amount = await refusalOf(client.suggestPostings({ bank_transaction: { ...telekomPayment, amount: '-119,00' } }, { authorization }));
    const date = await refusalOf(client.suggestPostings({ bank_transaction: { ...telekomPayment, date: '2026-02-30x' } }, { authorization }));
    const none = await refusalOf(client.suggestPostings({ limit: 2 }, { authorization }));
    const limit = await refusalOf(client.suggestPostings({ draft_entry: { description: 'Miete' }, limit: 11 }, { authorization }));
    const language = await refusalOf(client.suggestPostings({ draft_entry: { description: 'Miete' }, language: 'fr' }, { authorization }));
    const emptyInvoice = await refusalOf(client.suggestPostings({ incoming_invoice: { invoice_number: '88' } }, { authorization }));
    const longText = await refusalOf(client.suggestPostings({ draft_entry: { description: 'x'.repeat(1001) } }, { authorization }));

    expect(amount).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'KIT_VALIDATION_FAILED', fields: ['/bank_transaction/amount'] });
    expect(amount.details).toMatch(/^\/bank_transaction\/amount: /);
    expect(date.fields).toEqual(['/bank_transaction/date']);
    expect(none.fields).toEqual(['/input']);
    expect(limit.fields).toEqual(['/limit']);
    expect(language.fields).toEqual(['/language']);
    expect(emptyInvoice).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'AI_SUGGESTION_INPUT_INVALID' });
    expect(longText.fields).toEqual(['/draft_entry/description']);
    expect(await suggestionCount(tenantA)).toBe(before);
  });
});
