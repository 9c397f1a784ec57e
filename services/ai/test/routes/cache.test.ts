import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  const tasks = { default: { strategy: 'cheapest', cache_ttl_s: 60 }, fresh: { strategy: 'cheapest', cache_ttl_s: 0 } };
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: providersConfig({ openai: { baseUrl: `${vendor.url}/v1` } }, { tasks }) },
    redisUrl: inject('redisUrl') || undefined,
  });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

async function ask(tenantId: string, payload: Record<string, unknown>) {
  const response = await ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(tenantId), payload });
  return response.json() as { cached: boolean; text: string; usage: { cost_eur: string } };
}

describe('the exact cache', () => {
  it('should answer a repeated request from the cache, without calling the vendor and at no cost', async () => {
    const tenantId = newTenant();
    vendor.script(openAiCompletion('Cached answer'));
    const calls = vendor.requests.length;

    const first = await ask(tenantId, { messages: userMessage('What is due today?') });
    const second = await ask(tenantId, { messages: [{ role: 'user', content: '  What is due today?\n' }] });

    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, text: 'Cached answer', usage: { cost_eur: '0' } });
    expect(vendor.requests.length).toBe(calls + 1);
  });

  it("should never answer one tenant from another tenant's entry", async () => {
    await ask(newTenant(), { messages: userMessage('Shared question') });

    const other = await ask(newTenant(), { messages: userMessage('Shared question') });

    expect(other.cached).toBe(false);
  });

  it('should miss when anything that shapes the answer differs, and bypass when asked to', async () => {
    const tenantId = newTenant();
    await ask(tenantId, { messages: userMessage('Vary me'), temperature: 0 });

    const warmer = await ask(tenantId, { messages: userMessage('Vary me'), temperature: 0.7 });
    const bypass = await ask(tenantId, { messages: userMessage('Vary me'), temperature: 0, cache: false });

    expect([warmer.cached, bypass.cached]).toEqual([false, false]);
  });

  it('should not cache a task whose time to live is 0', async () => {
    const tenantId = newTenant();
    await ask(tenantId, { task: 'fresh', messages: userMessage('Always fresh') });

    const again = await ask(tenantId, { task: 'fresh', messages: userMessage('Always fresh') });

    expect(again.cached).toBe(false);
  });

  it('should count hits in the usage records and the metrics', async () => {
    const tenantId = newTenant();
    await ask(tenantId, { messages: userMessage('Count me') });
    await ask(tenantId, { messages: userMessage('Count me') });

    const usage = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/usage', headers: await ai.headers(tenantId) });
    const metrics = await ai.app.inject({ method: 'GET', url: '/metrics' });

    expect(usage.json().total).toMatchObject({ requests: 2, cached_requests: 1 });
    expect(metrics.body).toMatch(/ai_cache_requests_total\{outcome="hit",service="ai"\} [1-9]/);
  });
});
