import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildTestApp as buildFinance,
  type Client,
  credit,
  debit,
  entryInput,
  FINANCE,
  postEntry,
  readyTenant,
  type TestFinance,
} from '../../../finance/test/helpers.js';
import { ASSISTANT_USER, type AssistantTestApp, buildAssistantApp } from './assistant-app.js';

// The real finance service, built with its own test helpers and listening on a free port; the ai service calls it
// over HTTP with the user's token, which both verify with the same test issuer.
let finance: TestFinance;
let ai: AssistantTestApp;
let bookkeeper: Client;

beforeAll(async () => {
  finance = await buildFinance(inject('adminUrl'));
  const port = await freePort();
  await finance.app.listen({ port, host: '127.0.0.1' });
  ai = await buildAssistantApp(inject('adminUrl'), {
    env: { FINANCE_URL: `http://127.0.0.1:${port}` },
    tokens: finance.tokens,
    now: () => new Date('2026-11-15T10:00:00Z'),
  });
  bookkeeper = await readyTenant(finance);
  await postEntry(
    bookkeeper,
    entryInput({ posting_date: '2026-03-02', document_date: '2026-03-02', lines: [debit('1200', '5000.00'), credit('8400', '5000.00')] }),
  );
  await postEntry(
    bookkeeper,
    entryInput({ posting_date: '2026-03-05', document_date: '2026-03-05', lines: [debit('1000', '250.50'), credit('8400', '250.50')] }),
  );
});
afterAll(async () => {
  await ai?.close();
  await finance?.close();
});

async function ask(content: string, permissions = ASSISTANT_USER) {
  const authorization = await ai.bearer(bookkeeper.tenantId, permissions);
  const id = (await ai.app.inject({ method: 'POST', url: '/api/v1/ai/assistant/conversations', headers: { authorization }, payload: {} })).json().id;
  const url = `/api/v1/ai/assistant/conversations/${id}/messages`;
  return ai.app.inject({ method: 'POST', url, headers: { authorization, accept: 'application/json' }, payload: { content } });
}

describe('the assistant against the real finance service', () => {
  it("should read the bank and cash balance from finance's trial balance", async () => {
    const response = await ask('Wie hoch ist der Kontostand?');

    expect(response.json().message.content).toBe(
      'Der Kontostand von Bank und Kasse beträgt 5.250,50 EUR (Geschäftsjahr 2026, bis Periode 12):\n- 1000 Kasse: 250,50 EUR\n- 1200 Bank: 5.000,00 EUR',
    );
  });

  it('should create a draft in finance that is not posted', async () => {
    const response = await ask('create a draft entry 119 EUR office supplies debit 4930 credit 1200');

    const drafts = (await bookkeeper.get(`${FINANCE}/transactions?status=draft`)).json().items;
    const posted = (await bookkeeper.get(`${FINANCE}/transactions`)).json().items;
    expect(response.json().tool_results[0]).toMatchObject({ name: 'create_draft_entry', ok: true, data: { status: 'draft', amount: '119.00' } });
    expect(drafts).toEqual([
      expect.objectContaining({
        id: response.json().tool_results[0].data.id,
        status: 'draft',
        number: null,
        description: 'office supplies',
        document_ref: 'AI-DRAFT',
      }),
    ]);
    expect(posted).toHaveLength(2);
  });

  it("should relay finance's own refusal when the user lacks finance.reports:read", async () => {
    const response = await ask('What is our bank balance?', ['ai.assistant:use', 'finance.entries:read']);

    expect(response.json().tool_results[0]).toMatchObject({ status: 403, code: 'KIT_FORBIDDEN' });
    expect(response.json().message.content).toContain('finance.reports:read');
  });
});
