import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  const config = providersConfig(
    { openai: { baseUrl: `${vendor.url}/v1`, models: [chatModel('gpt-4o-mini', '0.15', '0.6')] } },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
  );
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: config } });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

async function chat(tenantId: string, payload: Record<string, unknown>) {
  return ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(tenantId), payload: { messages: userMessage(), ...payload } });
}

async function usage(tenantId: string, query = '') {
  return ai.app.inject({ method: 'GET', url: `/api/v1/ai/usage${query}`, headers: await ai.headers(tenantId) });
}

describe('GET /api/v1/ai/usage', () => {
  it('should sum tokens and exact costs per provider, model and task', async () => {
    const tenantId = newTenant();
    vendor.script(openAiCompletion('a', { promptTokens: 1000, completionTokens: 100 }), openAiCompletion('b', { promptTokens: 333, completionTokens: 7 }));
    await chat(tenantId, { task: 'summary' });
    await chat(tenantId, { task: 'summary' });
    await chat(tenantId, { task: 'extraction', routing: { strategy: 'local-only' } });

    const response = await usage(tenantId, '?group_by=provider,model,task');

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.group_by).toEqual(['provider', 'model', 'task']);
    expect(body.items).toEqual([
      expect.objectContaining({ provider: 'local', model: 'extractive', task: 'extraction', requests: 1, cost_eur: '0' }),
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o-mini',
        task: 'summary',
        requests: 2,
        input_tokens: 1333,
        output_tokens: 107,
        cost_eur: '0.00026415',
      }),
    ]);
    expect(body.total).toMatchObject({ requests: 3, cached_requests: 0, failed_requests: 0, cost_eur: '0.00026415' });
    expect(body.total.latency_ms_avg).toEqual(expect.any(Number));
  });

  it('should group by day and count failed requests', async () => {
    const tenantId = newTenant();
    await chat(tenantId, { routing: { model: 'nobody/none' } });
    vendor.script({ status: 500, json: { error: { message: 'boom', type: 'server_error', param: null, code: null } } });
    await chat(tenantId, { routing: { fallback: false } });

    const response = await usage(tenantId, '?group_by=day');

    expect(response.json().items).toEqual([expect.objectContaining({ day: new Date().toISOString().slice(0, 10), requests: 1, failed_requests: 1 })]);
  });

  it('should count only the requests in [from, to)', async () => {
    const tenantId = newTenant();
    await chat(tenantId, { routing: { strategy: 'local-only' } });

    const past = await usage(tenantId, '?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');

    expect(past.json().total).toMatchObject({ requests: 0, cost_eur: '0' });
  });

  it.each([
    ['from after to', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'AI_USAGE_QUERY_INVALID'],
    ['a range over a year', '?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'AI_USAGE_QUERY_INVALID'],
    ['an unknown dimension', '?group_by=tenant', 'KIT_VALIDATION_FAILED'],
    ['a malformed date', '?from=yesterday', 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s with 400', async (_case, query, code) => {
    const response = await usage(newTenant(), query);

    expect(response.json()).toMatchObject({ status: 400, code });
  });
});
