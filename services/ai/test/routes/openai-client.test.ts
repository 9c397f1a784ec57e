import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeAuth, startFakeAuth } from '../fakes/fake-auth.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiBrokenStream, openAiDefault, openAiStream } from '../fakes/openai-wire.js';
import { buildTestApp, newTenant, providersConfig, type TestAi } from '../helpers.js';

let vendor: FakeServer;
let auth: FakeAuth;
let ai: TestAi;
let baseURL: string;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  const tasks = { default: { strategy: 'cheapest', cache_ttl_s: 0 }, embeddings: { strategy: 'local-only', cache_ttl_s: 0 } };
  // The fake auth service signs with the test issuer of the app, which exists only once the app does.
  auth = await startFakeAuth((claims) => ai.tokens.sign(claims));
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: providersConfig({ openai: { baseUrl: `${vendor.url}/v1` } }, { tasks }), AUTH_URL: auth.url },
  });
  const address = await ai.app.listen({ port: 0, host: '127.0.0.1' });
  baseURL = `${address}/v1`;
});
afterAll(async () => {
  await ai.close();
  await Promise.all([vendor.close(), auth.close()]);
});

async function clientFor(tenantId: string, permissions: Parameters<TestAi['headers']>[1] = ['ai.assistant:use']) {
  return new OpenAI({ apiKey: await ai.tokens.sign({ tenantId, permissions: permissions ?? [] }), baseURL, maxRetries: 0 });
}

describe('the OpenAI-compatible API with the official openai client', () => {
  it('should answer a chat completion with OpenAI’s shape and the model that answered', async () => {
    const client = await clientFor(newTenant());

    const completion = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hello' }] });

    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'openai/gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from OpenAI' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 },
    });
  });

  it('should stream a chat completion as OpenAI chunks, with the usage chunk when asked for', async () => {
    vendor.script(openAiStream(['Guten', ' Tag', '!'], { promptTokens: 4, completionTokens: 3 }));
    const client = await clientFor(newTenant());

    const stream = await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Guten Tag!');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  });

  it('should stream the built-in engine for a pinned local model', async () => {
    const client = await clientFor(newTenant());

    const stream = await client.chat.completions.create({
      model: 'local/extractive',
      messages: [{ role: 'user', content: 'The cash report is late. Please send it.' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toContain('Local engine (extractive, no language model)');
  });

  it('should raise an error in the client when the vendor fails in the middle of a stream', async () => {
    vendor.script(openAiBrokenStream(['Half']));
    const client = await clientFor(newTenant());

    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const read = async () => {
      for await (const _chunk of stream) {
        // Reading is the point; the error comes from the iterator.
      }
    };

    await expect(read()).rejects.toThrow(/incomplete/);
  });

  it('should create embeddings, decoding the base64 the client asks for by default, and floats on request', async () => {
    const client = await clientFor(newTenant());

    const encoded = await client.embeddings.create({ model: 'auto', input: ['Rechnung Müller', 'Rechnung Müller'] });
    const floats = await client.embeddings.create({ model: 'local/hashing-256', input: 'Rechnung Müller', encoding_format: 'float' });

    expect(encoded.data).toHaveLength(2);
    expect(encoded.model).toBe('local/hashing-256');
    const [first] = encoded.data;
    expect(first?.embedding).toHaveLength(256);
    expect(floats.data[0]?.embedding.map((value) => Math.fround(value))).toEqual(first?.embedding);
  });

  it('should list auto and every model the tenant may use', async () => {
    const client = await clientFor(newTenant());

    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    const one = await client.models.retrieve('openai/gpt-4o-mini');

    expect(ids).toEqual(['auto', 'local/extractive', 'local/hashing-256', 'openai/gpt-4o-mini']);
    expect(one).toMatchObject({ id: 'openai/gpt-4o-mini', object: 'model', owned_by: 'openai' });
  });

  it("should accept the tenant's API key, exchanging it at the auth service once and then reusing the result", async () => {
    const tenantId = newTenant();
    const client = new OpenAI({ apiKey: auth.issueKey(tenantId, ['ai.assistant:use']), baseURL, maxRetries: 0 });
    const before = auth.exchanges();

    await client.chat.completions.create({ model: 'local/extractive', messages: [{ role: 'user', content: 'One.' }] });
    await client.chat.completions.create({ model: 'local/extractive', messages: [{ role: 'user', content: 'Two.' }] });

    expect(auth.exchanges() - before).toBe(1);
  });
});

describe('the OpenAI-compatible API refusing requests', () => {
  it('should answer an unknown API key with 401 in OpenAI’s error shape', async () => {
    const client = new OpenAI({ apiKey: `erp_ak_${newTenant()}.forged`, baseURL, maxRetries: 0 });

    const error = await client.models.list().then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'AI_API_KEY_INVALID', type: 'authentication_error' });
  });

  it('should answer a token without ai.assistant:use with 403', async () => {
    const client = await clientFor(newTenant(), ['ai.suggestions:read']);

    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it.each([
    ['n > 1', { n: 2 }, OpenAI.BadRequestError, 'AI_REQUEST_UNSUPPORTED'],
    [
      'an image part',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] },
      OpenAI.BadRequestError,
      'AI_REQUEST_UNSUPPORTED',
    ],
    ['a number as content', { messages: [{ role: 'user', content: 42 }] }, OpenAI.BadRequestError, 'AI_REQUEST_UNSUPPORTED'],
    ['text parts', { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], model: 'ghost/none' }, OpenAI.NotFoundError, 'AI_MODEL_NOT_FOUND'],
    ['no messages', { messages: [] }, OpenAI.BadRequestError, 'KIT_VALIDATION_FAILED'],
    ['an unknown model', { model: 'nobody/none' }, OpenAI.NotFoundError, 'AI_MODEL_NOT_FOUND'],
  ])('should refuse %s with OpenAI’s error shape', async (_case, overrides, ErrorClass, code) => {
    const client = await clientFor(newTenant());
    const request = { model: 'auto', messages: [{ role: 'user', content: 'Hi' }], ...overrides } as OpenAI.ChatCompletionCreateParamsNonStreaming;

    const error = await client.chat.completions.create(request).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error, String(error)).toMatchObject({ code });
  });

  it('should answer a quota refusal with 429, Retry-After and the code of the limit', async () => {
    const tenantId = newTenant();
    await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/quotas', headers: await ai.headers(tenantId), payload: { requests_per_minute: 1 } });
    const client = await clientFor(tenantId);
    await client.chat.completions.create({ model: 'local/extractive', messages: [{ role: 'user', content: 'First.' }] });

    const error = await client.chat.completions.create({ model: 'local/extractive', messages: [{ role: 'user', content: 'Second.' }] }).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'AI_QUOTA_REQUESTS_PER_MINUTE' });
    expect(Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('should answer an unknown /v1 path and a malformed body in OpenAI’s shape', async () => {
    const headers = { authorization: await ai.tokens.bearer({ tenantId: newTenant(), permissions: ['ai.assistant:use'] }), 'content-type': 'application/json' };

    const unknown = await fetch(`${baseURL}/completions`, { method: 'POST', headers, body: '{}' });
    const malformed = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers, body: '{"model":' });

    expect([unknown.status, malformed.status]).toEqual([404, 400]);
    expect(await unknown.json()).toMatchObject({ error: { type: 'not_found_error', message: expect.any(String) } });
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
