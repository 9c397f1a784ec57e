import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, embeddingModel, newTenant, providersConfig, type TestAi } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  const models = [chatModel('gpt-4o-mini'), embeddingModel('text-embedding-3-small')];
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: providersConfig({ openai: { baseUrl: `${vendor.url}/v1`, models } }) } });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

describe('the semantic cache settings of a task', () => {
  it('should be off by default and opt in per task with a threshold and an embedding model', async () => {
    const headers = await ai.headers(newTenant());
    const before = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/tasks/summary', headers });

    const saved = await ai.app.inject({
      method: 'PUT',
      url: '/api/v1/ai/tasks/summary',
      headers,
      payload: { strategy: 'cheapest', semantic_cache: true, semantic_threshold: 0.9, semantic_embedding_model: 'local/hashing-256' },
    });
    const after = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/tasks/summary', headers });

    expect(before.json()).toMatchObject({ semantic_cache: false, semantic_threshold: 0.8 });
    expect(saved.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ source: 'tenant', semantic_cache: true, semantic_threshold: 0.9, semantic_embedding_model: 'local/hashing-256' });
  });

  it.each([
    ['a threshold below 0.5', { strategy: 'cheapest', semantic_cache: true, semantic_threshold: 0.3 }],
    ['a threshold above 1', { strategy: 'cheapest', semantic_threshold: 1.5 }],
    ['a threshold that is not a number', { strategy: 'cheapest', semantic_threshold: 'high' }],
    ['a non-boolean switch', { strategy: 'cheapest', semantic_cache: 'yes' }],
  ])('should refuse %s with 400 and keep the policy unchanged', async (_case, payload) => {
    const headers = await ai.headers(newTenant());

    const response = await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/tasks/summary', headers, payload });
    const after = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/tasks/summary', headers });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(after.json().source).toBe('default');
  });

  it('should skip the semantic cache, not fail, when the embedding model does not exist', async () => {
    const headers = await ai.headers(newTenant());
    await ai.app.inject({
      method: 'PUT',
      url: '/api/v1/ai/tasks/summary',
      headers,
      payload: { strategy: 'cheapest', semantic_cache: true, semantic_embedding_model: 'nobody/nothing' },
    });
    const ask = (content: string) =>
      ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: { task: 'summary', messages: [{ role: 'user', content }] } });
    await ask('Summarise the open receivables.');

    const paraphrase = await ask('Give me an overview of the open receivables.');

    expect(paraphrase.statusCode).toBe(200);
    expect(paraphrase.json().cached).toBe(false);
  });
});

describe('the semantic cache on /v1/chat/completions', () => {
  const completion = (headers: Record<string, string>, content: string) =>
    ai.app.inject({ method: 'POST', url: '/v1/chat/completions', headers, payload: { model: 'auto', messages: [{ role: 'user', content }] } });

  it('should answer a paraphrase with X-ERP-Cache hit and its similarity, scoped by X-ERP-Prompt-Version', async () => {
    const tenantId = newTenant();
    const admin = await ai.headers(tenantId);
    await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/tasks/digest', headers: admin, payload: { strategy: 'cheapest', semantic_cache: true } });
    const headers = { ...admin, 'x-erp-task': 'digest', 'x-erp-prompt-version': 'digest-3' };
    await completion(headers, 'Which customer invoices are overdue by more than 30 days?');

    const hit = await completion(headers, 'Show customer invoices overdue more than 30 days.');
    const otherVersion = await completion({ ...headers, 'x-erp-prompt-version': 'digest-4' }, 'Show customer invoices overdue more than 30 days.');

    expect(hit.headers['x-erp-cache']).toBe('hit');
    expect(Number(hit.headers['x-erp-cache-similarity'])).toBeGreaterThanOrEqual(0.8);
    expect(otherVersion.headers['x-erp-cache']).toBe('miss');
  });

  it('should answer a streamed paraphrase from the cache too', async () => {
    const tenantId = newTenant();
    const admin = await ai.headers(tenantId);
    await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/tasks/digest', headers: admin, payload: { strategy: 'cheapest', semantic_cache: true } });
    const headers = { ...admin, 'x-erp-task': 'digest' };
    await completion(headers, 'Which invoices are due tomorrow?');

    const streamed = await ai.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers,
      payload: { model: 'auto', stream: true, messages: [{ role: 'user', content: 'Show invoices that fall due tomorrow.' }] },
    });

    expect(streamed.headers['x-erp-cache']).toBe('hit');
    expect(streamed.body).toContain('Hello from OpenAI');
    expect(streamed.body).toContain('data: [DONE]');
  });

  it('should refuse a malformed X-ERP-Prompt-Version with an OpenAI error object', async () => {
    const headers = { ...(await ai.headers(newTenant())), 'x-erp-prompt-version': 'v 1; drop table' };

    const response = await completion(headers, 'Hello');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'AI_REQUEST_UNSUPPORTED' } });
  });
});

describe('the semantic cache with a remote embedding model', () => {
  it('should embed questions through the gateway, booked under the task semantic-cache, and still keep near misses apart', async () => {
    const tenantId = newTenant();
    const headers = await ai.headers(tenantId);
    await ai.app.inject({
      method: 'PUT',
      url: '/api/v1/ai/tasks/summary',
      headers,
      payload: { strategy: 'cheapest', semantic_cache: true, semantic_embedding_model: 'openai/text-embedding-3-small' },
    });
    const ask = async (content: string) =>
      (await ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: { task: 'summary', messages: [{ role: 'user', content }] } })).json();
    const embeddings = vendor.requests.filter((request) => request.path.endsWith('/embeddings')).length;
    await ask('What is the balance of account 1200?');

    // The fake vendor gives every text the same vector: only the guarded terms tell these apart.
    const paraphrase = await ask('Show me the balance of account 1200.');
    const nearMiss = await ask('What is the balance of account 1800?');
    const usage = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/usage?group_by=task', headers });

    expect([paraphrase.cached, nearMiss.cached]).toEqual([true, false]);
    expect(vendor.requests.filter((request) => request.path.endsWith('/embeddings')).length).toBe(embeddings + 3);
    expect(usage.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ task: 'semantic-cache', requests: 3 })]));
  });
});
