import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, newTenant, type TestAi, userMessage } from '../helpers.js';

let ai: TestAi;

beforeAll(async () => {
  const operator = JSON.stringify({ tasks: { summary: { strategy: 'cheapest', cache_ttl_s: 120, max_output_tokens: 300 } } });
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: operator } });
});
afterAll(() => ai.close());

async function call(tenantId: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return ai.app.inject({ method, url, headers: await ai.headers(tenantId), ...(payload ? { payload } : {}) });
}

describe('/api/v1/ai/tasks', () => {
  it('should show the policy in force and where it comes from', async () => {
    const tenantId = newTenant();

    const installation = await call(tenantId, 'GET', '/api/v1/ai/tasks/summary');
    const builtIn = await call(tenantId, 'GET', '/api/v1/ai/tasks/anything');

    expect(installation.json()).toMatchObject({ task: 'summary', source: 'installation', cache_ttl_s: 120, max_output_tokens: 300 });
    expect(builtIn.json()).toMatchObject({ task: 'anything', source: 'default', strategy: 'cheapest', cache_ttl_s: 3600 });
  });

  it('should let the tenant override a task and apply the override to its requests', async () => {
    const tenantId = newTenant();

    const saved = await call(tenantId, 'PUT', '/api/v1/ai/tasks/summary', { strategy: 'local-only', max_output_tokens: 64 });
    const shown = await call(tenantId, 'GET', '/api/v1/ai/tasks/summary');
    const answer = await call(tenantId, 'PUT', '/api/v1/ai/tasks/summary', { strategy: 'local-only', max_output_tokens: 64 });
    const chat = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await ai.headers(tenantId),
      payload: { task: 'summary', messages: userMessage() },
    });

    expect(saved.json()).toMatchObject({ task: 'summary', source: 'tenant', strategy: 'local-only', fallback: true, max_attempts: 3, cache_ttl_s: 3600 });
    expect(shown.json()).toMatchObject({ source: 'tenant', strategy: 'local-only' });
    expect(answer.statusCode).toBe(200);
    expect(chat.json()).toMatchObject({ model: 'local/extractive' });
  });

  it('should list and delete the tenant policies, after which the installation policy applies again', async () => {
    const tenantId = newTenant();
    await call(tenantId, 'PUT', '/api/v1/ai/tasks/summary', { strategy: 'fastest' });

    const listed = await call(tenantId, 'GET', '/api/v1/ai/tasks');
    const deleted = await call(tenantId, 'DELETE', '/api/v1/ai/tasks/summary');
    const again = await call(tenantId, 'DELETE', '/api/v1/ai/tasks/summary');
    const shown = await call(tenantId, 'GET', '/api/v1/ai/tasks/summary');

    expect(listed.json().items.map((item: { task: string }) => item.task)).toEqual(['summary']);
    expect(deleted.statusCode).toBe(204);
    expect(again.json()).toMatchObject({ status: 404, code: 'AI_TASK_POLICY_NOT_FOUND' });
    expect(shown.json()).toMatchObject({ source: 'installation' });
  });

  it.each([
    ['a pinned policy without a model', { strategy: 'pinned' }, 422, 'AI_TASK_POLICY_INVALID'],
    ['a model on an unpinned policy', { strategy: 'cheapest', model: 'a/b' }, 422, 'AI_TASK_POLICY_INVALID'],
    ['an unknown strategy', { strategy: 'random' }, 400, 'KIT_VALIDATION_FAILED'],
    ['a negative time to live', { strategy: 'cheapest', cache_ttl_s: -1 }, 400, 'KIT_VALIDATION_FAILED'],
    ['too many attempts', { strategy: 'cheapest', max_attempts: 50 }, 400, 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s', async (_case, payload, status, code) => {
    const tenantId = newTenant();

    const response = await call(tenantId, 'PUT', '/api/v1/ai/tasks/chat', payload);

    expect(response.json()).toMatchObject({ status, code });
    expect((await call(tenantId, 'GET', '/api/v1/ai/tasks')).json().items).toEqual([]);
  });
});
