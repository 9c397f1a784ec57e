import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: providersConfig({ shared: { baseUrl: 'https://api.openai.com/v1' } }) } });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

// Table cases are built before the fake vendor starts, so the default address is a placeholder.
const providerBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'openai',
  base_url: 'https://vendor.example/v1',
  api_key: 'sk-tenant-secret',
  models: [chatModel('gpt-4o-mini')],
  ...overrides,
});

async function put(tenantId: string, name: string, payload: Record<string, unknown>) {
  return ai.app.inject({ method: 'PUT', url: `/api/v1/ai/providers/${name}`, headers: await ai.headers(tenantId), payload });
}

async function get(tenantId: string, url: string) {
  return ai.app.inject({ method: 'GET', url, headers: await ai.headers(tenantId) });
}

describe('PUT /api/v1/ai/providers/:name', () => {
  it('should store a provider with its key sealed and never show the key', async () => {
    const tenantId = newTenant();

    const response = await put(tenantId, 'my-openai', providerBody());

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'my-openai', kind: 'openai', has_api_key: true, timeout_ms: 30000, max_concurrency: 8 });
    expect(response.body).not.toContain('sk-tenant-secret');
    const row = await withTenant(ai.db.kysely, tenantId, (trx) => trx.selectFrom('provider_config').select('api_key_sealed').executeTakeFirstOrThrow());
    expect(row.api_key_sealed).toMatch(/^v1\./);
    expect(row.api_key_sealed).not.toContain('sk-tenant-secret');
  });

  it('should keep the stored key when a replacement omits api_key, and route the tenant to the provider with it', async () => {
    const tenantId = newTenant();
    await put(tenantId, 'own', providerBody({ base_url: `${vendor.url}/v1` }));
    const replaced = await put(tenantId, 'own', providerBody({ base_url: `${vendor.url}/v1`, api_key: undefined, timeout_ms: 5000 }));
    vendor.script(openAiCompletion('From the tenant provider'));

    const answer = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await ai.headers(tenantId),
      payload: { messages: userMessage(), routing: { model: 'own/gpt-4o-mini' } },
    });

    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ has_api_key: true, timeout_ms: 5000 });
    expect(answer.json()).toMatchObject({ model: 'own/gpt-4o-mini', text: 'From the tenant provider' });
    expect(vendor.requests.at(-1)?.headers.authorization).toBe('Bearer sk-tenant-secret');
  });

  it('should remove the key with null, which an OpenAI-compatible server may do without', async () => {
    const tenantId = newTenant();
    await put(tenantId, 'ollama', providerBody({ kind: 'openai-compatible' }));

    const response = await put(tenantId, 'ollama', providerBody({ kind: 'openai-compatible', api_key: null }));

    expect(response.json()).toMatchObject({ has_api_key: false });
  });

  it.each([
    ['the built-in engine', 'local', providerBody(), 409, 'AI_PROVIDER_NAME_TAKEN'],
    ["an installation provider's name", 'shared', providerBody(), 409, 'AI_PROVIDER_NAME_TAKEN'],
    ['a vendor without a key', 'nokey', providerBody({ api_key: undefined }), 422, 'AI_PROVIDER_INVALID'],
    ['an OpenAI-compatible server without base_url', 'nourl', providerBody({ kind: 'openai-compatible', base_url: undefined }), 422, 'AI_PROVIDER_INVALID'],
    ['a model listed twice', 'twice', providerBody({ models: [chatModel('a'), chatModel('a')] }), 422, 'AI_PROVIDER_INVALID'],
    ['an unknown kind', 'strange', providerBody({ kind: 'gemini' }), 400, 'KIT_VALIDATION_FAILED'],
    ['a price with a float exponent', 'float', providerBody({ models: [chatModel('a', '1e-3')] }), 400, 'KIT_VALIDATION_FAILED'],
    ['no models', 'empty', providerBody({ models: [] }), 400, 'KIT_VALIDATION_FAILED'],
    ['a name with capitals', 'MyProvider', providerBody(), 400, 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s and store nothing', async (_case, name, payload, status, code) => {
    const tenantId = newTenant();

    const response = await put(tenantId, name, payload);

    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ code });
    expect((await get(tenantId, '/api/v1/ai/providers')).json().items).toEqual([]);
  });

  it('should refuse private and plain-http base URLs unless the operator allows them', async () => {
    const strict = await buildTestApp(inject('adminUrl'), { env: { AI_ALLOW_PRIVATE_PROVIDER_URLS: 'false' } });
    try {
      const headers = await strict.headers(newTenant());
      const refused = await Promise.all(
        ['http://api.example.com/v1', 'https://127.0.0.1/v1', 'https://169.254.169.254/v1', 'https://localhost/v1'].map((url) =>
          strict.app.inject({ method: 'PUT', url: '/api/v1/ai/providers/guarded', headers, payload: providerBody({ base_url: url }) }),
        ),
      );
      expect(refused.map((response) => response.json().code)).toEqual(Array(4).fill('AI_PROVIDER_URL_REFUSED'));
    } finally {
      await strict.close();
    }
  });
});

describe('GET and DELETE /api/v1/ai/providers/:name', () => {
  it('should list, show and delete the tenant provider', async () => {
    const tenantId = newTenant();
    await put(tenantId, 'one', providerBody());

    const listed = await get(tenantId, '/api/v1/ai/providers');
    const shown = await get(tenantId, '/api/v1/ai/providers/one');
    const deleted = await ai.app.inject({ method: 'DELETE', url: '/api/v1/ai/providers/one', headers: await ai.headers(tenantId) });
    const gone = await get(tenantId, '/api/v1/ai/providers/one');

    expect(listed.json().items.map((item: { name: string }) => item.name)).toEqual(['one']);
    expect(shown.json()).toMatchObject({ name: 'one', has_api_key: true });
    expect(deleted.statusCode).toBe(204);
    expect(gone.json()).toMatchObject({ status: 404, code: 'AI_PROVIDER_NOT_FOUND' });
  });

  it('should need ai.admin:manage', async () => {
    const response = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/providers', headers: await ai.headers(newTenant(), ['ai.assistant:use']) });

    expect(response.statusCode).toBe(403);
  });
});
