import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  // 1 EUR per million tokens in and out: a call of 19 + 10 tokens costs 0.000029 EUR.
  const config = providersConfig(
    { openai: { baseUrl: `${vendor.url}/v1`, models: [chatModel('gpt-4o-mini', '1', '1')] } },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0, max_output_tokens: 100 } }, quotas: { requests_per_minute: 1000 } },
  );
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: config } });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

async function call(tenantId: string, method: 'GET' | 'PUT', payload?: unknown) {
  return ai.app.inject({ method, url: '/api/v1/ai/quotas', headers: await ai.headers(tenantId), ...(payload ? { payload } : {}) });
}

async function chat(tenantId: string) {
  return ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(tenantId), payload: { messages: userMessage() } });
}

describe('/api/v1/ai/quotas', () => {
  it('should show the operator limits in force before the tenant sets its own', async () => {
    const response = await call(newTenant(), 'GET');

    expect(response.json()).toEqual({
      own: { requests_per_minute: null, tokens_per_minute: null, monthly_budget_eur: null },
      effective: { requests_per_minute: 1000, tokens_per_minute: null, monthly_budget_eur: null },
      current: { requests_this_minute: 0, tokens_this_minute: 0, spent_eur_this_month: '0', reserved_eur_this_month: '0' },
    });
  });

  it('should apply the stricter of the tenant and operator limits, not let the tenant raise them', async () => {
    const tenantId = newTenant();

    const response = await call(tenantId, 'PUT', { requests_per_minute: 5000, tokens_per_minute: 10_000, monthly_budget_eur: '12.50' });

    expect(response.json()).toMatchObject({
      own: { requests_per_minute: 5000, tokens_per_minute: 10000, monthly_budget_eur: '12.5' },
      effective: { requests_per_minute: 1000, tokens_per_minute: 10000, monthly_budget_eur: '12.5' },
    });
  });

  it('should refuse the request past the per-minute limit with 429 AI_QUOTA_REQUESTS_PER_MINUTE and Retry-After', async () => {
    const tenantId = newTenant();
    await call(tenantId, 'PUT', { requests_per_minute: 2 });

    const answers = [await chat(tenantId), await chat(tenantId), await chat(tenantId)];

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 429]);
    expect(answers[2]?.json()).toMatchObject({ status: 429, code: 'AI_QUOTA_REQUESTS_PER_MINUTE' });
    expect(Number(answers[2]?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('should refuse a request that could never fit the tokens per minute, without Retry-After', async () => {
    const tenantId = newTenant();
    await call(tenantId, 'PUT', { tokens_per_minute: 50 });

    const response = await chat(tenantId);

    expect(response.json()).toMatchObject({ code: 'AI_QUOTA_TOKENS_PER_MINUTE' });
    expect(response.json().detail).toContain('alone');
    expect(response.headers['retry-after']).toBeUndefined();
  });

  it('should reserve the estimate, settle to the exact cost and refuse once the budget would be exceeded', async () => {
    const tenantId = newTenant();
    // A call is estimated at 123 tokens (23 of prompt, 100 of answer), 0.000123 EUR, and costs 29 tokens, 0.000029 EUR.
    // Within 0.0002 EUR the fourth call is refused: 3 × 0.000029 spent plus its estimate would exceed the budget.
    await call(tenantId, 'PUT', { monthly_budget_eur: '0.0002' });
    vendor.script(openAiCompletion('one', { promptTokens: 19, completionTokens: 10 }), openAiCompletion('two', { promptTokens: 19, completionTokens: 10 }));

    const first = await chat(tenantId);
    const second = await chat(tenantId);
    const state = await call(tenantId, 'GET');
    const third = await chat(tenantId);
    const fourth = await chat(tenantId);

    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([200, 200, 200]);
    expect(state.json().current).toMatchObject({ spent_eur_this_month: '0.000058', reserved_eur_this_month: '0' });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'AI_QUOTA_MONTHLY_BUDGET' });
  });

  it.each([
    ['a negative limit', { requests_per_minute: -1 }],
    ['a negative budget', { monthly_budget_eur: '-5' }],
    ['a budget with an exponent', { monthly_budget_eur: '1e3' }],
    ['a budget over a million EUR', { monthly_budget_eur: '1000000' }],
  ])('should refuse %s with 400', async (_case, payload) => {
    const response = await call(newTenant(), 'PUT', payload);

    expect(response.json()).toMatchObject({ status: 400, code: 'KIT_VALIDATION_FAILED' });
  });
});
