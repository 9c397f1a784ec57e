import { withTenant } from '@erp/kit';
import { servedRoutes } from '@erp/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, chatModel, embeddingModel, newTenant, type TestAi, userMessage } from '../helpers.js';
import { bankPayment, loadLedger } from '../intelligence/ledger-fixtures.js';

let ai: TestAi;
let suggestionOfA = '';
const tenantA = newTenant();
const telekomPayment = { kind: 'bank_transaction', counterparty: 'Telekom', purpose: 'Mobilfunk', amount: '-119.00', date: '2026-04-02' };
const A_SUGGESTION_URL = '/api/v1/finance/llm/suggestions/00000000-0000-4000-8000-000000000000/feedback';
const tenantB = newTenant();
const userOfA = newTenant();
const NO_CONVERSATION = '/api/v1/ai/assistant/conversations/00000000-0000-4000-8000-000000000000';
let conversationOfA = '';
let jobOfA = '';

const ownProvider = {
  kind: 'openai-compatible',
  base_url: 'https://a.example/v1',
  api_key: 'a-secret',
  models: [chatModel('a-chat'), embeddingModel('a-embed')],
};

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
  const headers = await ai.headers(tenantA);
  // Asked before tenant A has a provider of its own, so that the built-in intent parser answers.
  const annaOfA = { authorization: await ai.tokens.bearer({ tenantId: tenantA, userId: userOfA, permissions: ['ai.assistant:use'] }) };
  conversationOfA = (await ai.app.inject({ method: 'POST', url: '/api/v1/ai/assistant/conversations', headers: annaOfA, payload: { title: 'A' } })).json().id;
  const question = { method: 'POST' as const, url: `/api/v1/ai/assistant/conversations/${conversationOfA}/messages`, payload: { content: 'Hilfe' } };
  await ai.app.inject({ ...question, headers: { ...annaOfA, accept: 'application/json' } });
  await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/providers/own', headers, payload: ownProvider });
  await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/tasks/summary', headers, payload: { strategy: 'local-only', cache_ttl_s: 600 } });
  await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/quotas', headers, payload: { requests_per_minute: 77 } });
  await ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: { task: 'summary', messages: userMessage('A secret question.') } });
  await loadLedger(ai.db, tenantA, [bankPayment({ description: 'Telekom Mobilfunk', gross: '119.00', expense: '4920', date: '2026-03-02' })]);
  suggestionOfA = (await ai.app.inject({ method: 'POST', url: '/api/v1/finance/llm/suggestions', headers, payload: telekomPayment })).json().id;
  const batch = { task: 'summary', priority: 'batch', messages: userMessage('A secret batch question.') };
  jobOfA = (await ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: batch })).json().id;
});
afterAll(() => ai.close());

type Call = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: Record<string, unknown> };
async function call(tenantId: string, request: Call, permissions?: Parameters<TestAi['headers']>[1]) {
  return ai.app.inject({ ...request, headers: await ai.headers(tenantId, permissions) });
}

/** Tenant A's user's conversations, read with that user's token (conversations belong to one user). */
async function conversationsOfA() {
  const authorization = await ai.tokens.bearer({ tenantId: tenantA, userId: userOfA, permissions: ['ai.assistant:use'] });
  return (await ai.app.inject({ method: 'GET', url: '/api/v1/ai/assistant/conversations', headers: { authorization } })).json().items;
}

type Check = (send: (tenantId: string, request: Call) => ReturnType<typeof call>) => Promise<void>;

/** Per route: a request of tenant B aimed at tenant A's data, and what shows that B neither saw nor changed it. */
const ROUTES: Record<string, { request: Call; permission: 'ai.assistant:use' | 'ai.admin:manage' | 'ai.suggestions:read'; isolation: Check }> = {
  'POST /api/v1/ai/chat': {
    request: { method: 'POST', url: '/api/v1/ai/chat', payload: { task: 'summary', messages: userMessage('A secret question.') } },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      const response = await call(tenantB, {
        method: 'POST',
        url: '/api/v1/ai/chat',
        payload: { messages: userMessage('A secret question.'), routing: { strategy: 'local-only' } },
      });
      expect(response.json().cached).toBe(false);
      expect(
        (await call(tenantB, { method: 'POST', url: '/api/v1/ai/chat', payload: { messages: userMessage(), routing: { model: 'own/a-chat' } } })).statusCode,
      ).toBe(404);
    },
  },
  'GET /api/v1/ai/providers': {
    request: { method: 'GET', url: '/api/v1/ai/providers' },
    permission: 'ai.admin:manage',
    isolation: async (call) => expect((await call(tenantB, { method: 'GET', url: '/api/v1/ai/providers' })).json().items).toEqual([]),
  },
  'GET /api/v1/ai/providers/{name}': {
    request: { method: 'GET', url: '/api/v1/ai/providers/own' },
    permission: 'ai.admin:manage',
    isolation: async (call) => expect((await call(tenantB, { method: 'GET', url: '/api/v1/ai/providers/own' })).statusCode).toBe(404),
  },
  'PUT /api/v1/ai/providers/{name}': {
    request: { method: 'PUT', url: '/api/v1/ai/providers/own', payload: ownProvider },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      expect((await call(tenantB, { method: 'PUT', url: '/api/v1/ai/providers/own', payload: { ...ownProvider, timeout_ms: 999 } })).statusCode).toBe(201);
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/providers/own' })).json()).toMatchObject({ timeout_ms: 30000, has_api_key: true });
      await call(tenantB, { method: 'DELETE', url: '/api/v1/ai/providers/own' });
    },
  },
  'DELETE /api/v1/ai/providers/{name}': {
    request: { method: 'DELETE', url: '/api/v1/ai/providers/own' },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      expect((await call(tenantB, { method: 'DELETE', url: '/api/v1/ai/providers/own' })).statusCode).toBe(404);
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/providers/own' })).statusCode).toBe(200);
    },
  },
  'GET /api/v1/ai/tasks': {
    request: { method: 'GET', url: '/api/v1/ai/tasks' },
    permission: 'ai.admin:manage',
    isolation: async (call) => expect((await call(tenantB, { method: 'GET', url: '/api/v1/ai/tasks' })).json().items).toEqual([]),
  },
  'GET /api/v1/ai/tasks/{task}': {
    request: { method: 'GET', url: '/api/v1/ai/tasks/summary' },
    permission: 'ai.admin:manage',
    isolation: async (call) =>
      expect((await call(tenantB, { method: 'GET', url: '/api/v1/ai/tasks/summary' })).json()).toMatchObject({ source: 'default', strategy: 'cheapest' }),
  },
  'PUT /api/v1/ai/tasks/{task}': {
    request: { method: 'PUT', url: '/api/v1/ai/tasks/summary', payload: { strategy: 'fastest' } },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      await call(tenantB, { method: 'PUT', url: '/api/v1/ai/tasks/summary', payload: { strategy: 'fastest' } });
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/tasks/summary' })).json()).toMatchObject({ strategy: 'local-only' });
      await call(tenantB, { method: 'DELETE', url: '/api/v1/ai/tasks/summary' });
    },
  },
  'DELETE /api/v1/ai/tasks/{task}': {
    request: { method: 'DELETE', url: '/api/v1/ai/tasks/summary' },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      expect((await call(tenantB, { method: 'DELETE', url: '/api/v1/ai/tasks/summary' })).statusCode).toBe(404);
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/tasks/summary' })).json()).toMatchObject({ source: 'tenant' });
    },
  },
  'GET /api/v1/ai/quotas': {
    request: { method: 'GET', url: '/api/v1/ai/quotas' },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      const quotas = (await call(tenantB, { method: 'GET', url: '/api/v1/ai/quotas' })).json();
      expect(quotas.own.requests_per_minute).toBeNull();
      expect(quotas.current.requests_this_minute).toBe(0);
    },
  },
  'PUT /api/v1/ai/quotas': {
    request: { method: 'PUT', url: '/api/v1/ai/quotas', payload: { requests_per_minute: 5 } },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      await call(tenantB, { method: 'PUT', url: '/api/v1/ai/quotas', payload: { requests_per_minute: 5 } });
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/quotas' })).json().own.requests_per_minute).toBe(77);
    },
  },
  'GET /api/v1/ai/usage': {
    request: { method: 'GET', url: '/api/v1/ai/usage' },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      expect((await call(tenantA, { method: 'GET', url: '/api/v1/ai/usage' })).json().total.requests).toBeGreaterThan(0);
      expect((await call(newTenant(), { method: 'GET', url: '/api/v1/ai/usage' })).json().total.requests).toBe(0);
    },
  },
  'GET /api/v1/ai/deployments': {
    request: { method: 'GET', url: '/api/v1/ai/deployments' },
    permission: 'ai.admin:manage',
    isolation: async (call) => {
      const models = (await call(tenantB, { method: 'GET', url: '/api/v1/ai/deployments' })).json().items.map((item: { model: string }) => item.model);
      expect(models).toEqual(['local/extractive', 'local/hashing-256']);
    },
  },
  'POST /v1/chat/completions': {
    request: { method: 'POST', url: '/v1/chat/completions', payload: { model: 'auto', messages: userMessage() } },
    permission: 'ai.assistant:use',
    isolation: async (call) =>
      expect(
        (await call(tenantB, { method: 'POST', url: '/v1/chat/completions', payload: { model: 'own/a-chat', messages: userMessage() } })).json(),
      ).toMatchObject({
        error: { code: 'AI_MODEL_NOT_FOUND' },
      }),
  },
  'POST /v1/embeddings': {
    request: { method: 'POST', url: '/v1/embeddings', payload: { model: 'auto', input: 'x' } },
    permission: 'ai.assistant:use',
    isolation: async (call) =>
      expect((await call(tenantB, { method: 'POST', url: '/v1/embeddings', payload: { model: 'own/a-embed', input: 'x' } })).statusCode).toBe(404),
  },
  'GET /v1/models': {
    request: { method: 'GET', url: '/v1/models' },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      const ids = (await call(tenantB, { method: 'GET', url: '/v1/models' })).json().data.map((model: { id: string }) => model.id);
      expect(ids).not.toContain('own/a-chat');
      expect((await call(tenantA, { method: 'GET', url: '/v1/models' })).json().data.map((model: { id: string }) => model.id)).toContain('own/a-chat');
    },
  },
  'POST /api/v1/finance/llm/suggestions': {
    request: { method: 'POST', url: '/api/v1/finance/llm/suggestions', payload: telekomPayment },
    permission: 'ai.suggestions:read',
    isolation: async (call) => {
      expect((await call(tenantA, { method: 'POST', url: '/api/v1/finance/llm/suggestions', payload: telekomPayment })).json().proposals).not.toEqual([]);
      expect((await call(tenantB, { method: 'POST', url: '/api/v1/finance/llm/suggestions', payload: telekomPayment })).json().proposals).toEqual([]);
    },
  },
  'POST /api/v1/finance/llm/suggestions/{id}/feedback': {
    request: { method: 'POST', url: A_SUGGESTION_URL, payload: { outcome: 'accepted' } },
    permission: 'ai.suggestions:read',
    isolation: async (call) => {
      const url = `/api/v1/finance/llm/suggestions/${suggestionOfA}/feedback`;
      expect((await call(tenantB, { method: 'POST', url, payload: { outcome: 'rejected' } })).statusCode).toBe(404);
      expect((await call(tenantA, { method: 'POST', url, payload: { outcome: 'accepted' } })).statusCode).toBe(200);
    },
  },
  'GET /api/v1/finance/llm/anomalies': {
    request: { method: 'GET', url: '/api/v1/finance/llm/anomalies?from=2026-03-01&to=2026-03-31' },
    permission: 'ai.suggestions:read',
    isolation: async (call) => {
      const url = '/api/v1/finance/llm/anomalies?from=2026-03-01&to=2026-03-31';
      expect((await call(tenantA, { method: 'GET', url })).json().summary.entries_checked).toBe(1);
      expect((await call(tenantB, { method: 'GET', url })).json().summary.entries_checked).toBe(0);
    },
  },
  'GET /api/v1/finance/llm/forecasts/liquidity': {
    request: { method: 'GET', url: '/api/v1/finance/llm/forecasts/liquidity?as_of=2026-03-31' },
    permission: 'ai.suggestions:read',
    isolation: async (call) => {
      const url = '/api/v1/finance/llm/forecasts/liquidity?as_of=2026-03-31';
      expect((await call(tenantA, { method: 'GET', url })).json().opening_balance).toBe('-119.00');
      expect((await call(tenantB, { method: 'GET', url })).json().opening_balance).toBe('0.00');
    },
  },
  'POST /api/v1/finance/llm/forecasts/liquidity': {
    request: { method: 'POST', url: '/api/v1/finance/llm/forecasts/liquidity', payload: { as_of: '2026-03-31' } },
    permission: 'ai.suggestions:read',
    isolation: async (call) => {
      const request = { method: 'POST' as const, url: '/api/v1/finance/llm/forecasts/liquidity', payload: { as_of: '2026-03-31' } };
      expect((await call(tenantB, request)).json().opening_balance).toBe('0.00');
    },
  },
  'POST /api/v1/ai/assistant/conversations': {
    request: { method: 'POST', url: '/api/v1/ai/assistant/conversations', payload: {} },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      await call(tenantB, { method: 'POST', url: '/api/v1/ai/assistant/conversations', payload: { title: 'B' } });
      expect((await conversationsOfA()).map((item: { title: string }) => item.title)).toEqual(['A']);
    },
  },
  'GET /api/v1/ai/assistant/conversations': {
    request: { method: 'GET', url: '/api/v1/ai/assistant/conversations' },
    permission: 'ai.assistant:use',
    isolation: async (call) => expect((await call(tenantB, { method: 'GET', url: '/api/v1/ai/assistant/conversations' })).json().items).toEqual([]),
  },
  'GET /api/v1/ai/assistant/conversations/{id}': {
    request: { method: 'GET', url: NO_CONVERSATION },
    permission: 'ai.assistant:use',
    isolation: async (call) =>
      expect((await call(tenantB, { method: 'GET', url: `/api/v1/ai/assistant/conversations/${conversationOfA}` })).statusCode).toBe(404),
  },
  'DELETE /api/v1/ai/assistant/conversations/{id}': {
    request: { method: 'DELETE', url: NO_CONVERSATION },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      expect((await call(tenantB, { method: 'DELETE', url: `/api/v1/ai/assistant/conversations/${conversationOfA}` })).statusCode).toBe(404);
      expect(await conversationsOfA()).toHaveLength(1);
    },
  },
  'POST /api/v1/ai/assistant/conversations/{id}/messages': {
    request: { method: 'POST', url: `${NO_CONVERSATION}/messages`, payload: { content: 'Hilfe' } },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      const url = `/api/v1/ai/assistant/conversations/${conversationOfA}/messages`;
      expect((await call(tenantB, { method: 'POST', url, payload: { content: 'Hilfe' } })).statusCode).toBe(404);
      expect((await conversationsOfA())[0]).toMatchObject({ message_count: 2 });
    },
  },
  'GET /api/v1/ai/jobs/{id}': {
    request: { method: 'GET', url: '/api/v1/ai/jobs/00000000-0000-4000-8000-000000000000' },
    permission: 'ai.assistant:use',
    isolation: async (call) => {
      expect((await call(tenantB, { method: 'GET', url: `/api/v1/ai/jobs/${jobOfA}` })).statusCode).toBe(404);
      expect((await call(tenantA, { method: 'GET', url: `/api/v1/ai/jobs/${jobOfA}` })).json()).toMatchObject({ task: 'summary' });
    },
  },
  'GET /v1/models/{*}': {
    request: { method: 'GET', url: '/v1/models/own/a-chat' },
    permission: 'ai.assistant:use',
    isolation: async (call) => expect((await call(tenantB, { method: 'GET', url: '/v1/models/own/a-chat' })).statusCode).toBe(404),
  },
};

describe('every route of the ai service', () => {
  it('should be in this sweep', async () => {
    await ai.app.ready();

    // The kit's operational routes (health) are public by design and not the service's own.
    const own = servedRoutes(ai.app).filter((route) => / \/(api|v1)\//.test(route));
    expect(own.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  describe.each(Object.entries(ROUTES))('%s', (_route, { request, permission, isolation }) => {
    it('should refuse a request without a token with 401', async () => {
      const response = await ai.app.inject(request);

      expect(response.statusCode).toBe(401);
    });

    it(`should refuse a token without ${permission} with 403`, async () => {
      const other = permission === 'ai.admin:manage' ? 'ai.assistant:use' : 'ai.admin:manage';

      const response = await call(tenantB, request, [other]);

      expect(response.statusCode).toBe(403);
    });

    it("should neither show nor change another tenant's data", async () => {
      await isolation((tenantId, next) => call(tenantId, next));
    });
  });
});

describe('row-level security of the ai schema', () => {
  it.each([
    'provider_config',
    'task_policy',
    'tenant_quota',
    'usage_record',
    'ledger_entry',
    'ledger_line',
    'ledger_state',
    'suggestion_label',
    'suggestion_token',
    'suggestion',
    'batch_job',
    'assistant_conversation',
    'assistant_message',
  ])('should hide the rows of %s from other tenants and from queries without a tenant', async (table) => {
    const count = (rows: { count: string }[]) => Number(rows[0]?.count);
    const own = await withTenant(ai.db.kysely, tenantA, (trx) => sql<{ count: string }>`select count(*) from ${sql.table(table)}`.execute(trx));
    const other = await withTenant(ai.db.kysely, tenantB, (trx) =>
      sql<{ count: string }>`select count(*) from ${sql.table(table)} where tenant_id = ${tenantA}`.execute(trx),
    );
    const none = await sql<{ count: string }>`select count(*) from ${sql.table(table)}`.execute(ai.db.kysely);

    expect(count(own.rows)).toBeGreaterThan(0);
    expect(count(other.rows)).toBe(0);
    expect(count(none.rows)).toBe(0);
  });
});
