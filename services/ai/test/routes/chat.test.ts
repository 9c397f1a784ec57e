import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiBadRequest, openAiCompletion, openAiDefault, openAiRateLimited, openAiServerError } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let primary: FakeServer;
let secondary: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  [primary, secondary] = await Promise.all([startFakeServer(openAiDefault), startFakeServer(openAiDefault)]);
  const config = providersConfig(
    {
      cheap: { baseUrl: `${primary.url}/v1`, timeoutMs: 1000, models: [chatModel('gpt-4o-mini', '0.15', '0.6')] },
      dear: { baseUrl: `${secondary.url}/v1`, models: [chatModel('gpt-4o', '2.5', '10')] },
    },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
  );
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: config, AI_BREAKER_MIN_CALLS: '1000', AI_BREAKER_COOLDOWN_MS: '1', AI_BREAKER_COOLDOWN_MAX_MS: '1' },
  });
});
afterAll(async () => {
  await ai.close();
  await Promise.all([primary.close(), secondary.close()]);
});

async function postChat(tenantId: string, payload: Record<string, unknown>) {
  return ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(tenantId), payload });
}

describe('POST /api/v1/ai/chat', () => {
  it('should answer from the cheapest capable deployment with the exact cost of its usage', async () => {
    primary.script(openAiCompletion('Overdue since March.', { promptTokens: 19, completionTokens: 10 }));

    const response = await postChat(newTenant(), { task: 'summary', messages: userMessage() });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      model: 'cheap/gpt-4o-mini',
      text: 'Overdue since March.',
      tool_calls: [],
      finish_reason: 'stop',
      usage: { input_tokens: 19, output_tokens: 10, cost_eur: '0.00000885' },
      cached: false,
      attempts: [{ model: 'cheap/gpt-4o-mini', outcome: 'ok' }],
    });
  });

  it('should fall back to the next deployment when the first answers 500', async () => {
    primary.script(openAiServerError());
    secondary.script(openAiCompletion('From the fallback'));

    const response = await postChat(newTenant(), { messages: userMessage('fallback on 500') });

    expect(response.json()).toMatchObject({ model: 'dear/gpt-4o', text: 'From the fallback', attempts: [{ outcome: 'server-error' }, { outcome: 'ok' }] });
  });

  it('should fall back when the first is rate-limited (429)', async () => {
    primary.script(openAiRateLimited({ 'retry-after-ms': '1' }));
    secondary.script(openAiCompletion('After a 429'));

    const response = await postChat(newTenant(), { messages: userMessage('fallback on 429') });

    expect(response.json()).toMatchObject({ model: 'dear/gpt-4o', attempts: [{ outcome: 'rate-limited' }, { outcome: 'ok' }] });
  });

  it('should fall back when the first does not answer within its timeout', async () => {
    primary.script({ hang: true });
    secondary.script(openAiCompletion('After a timeout'));

    const response = await postChat(newTenant(), { messages: userMessage('fallback on timeout') });

    expect(response.json()).toMatchObject({ text: 'After a timeout', attempts: [{ outcome: 'timeout' }, { outcome: 'ok' }] });
  });

  it('should answer 502 AI_PROVIDERS_FAILED when every deployment fails', async () => {
    primary.script(openAiServerError());
    secondary.script(openAiServerError());

    const response = await postChat(newTenant(), { messages: userMessage('all fail') });

    expect(response.statusCode).toBe(502);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 502, code: 'AI_PROVIDERS_FAILED' });
  });

  it('should answer 503 AI_PROVIDERS_BUSY with Retry-After when every deployment is rate-limited', async () => {
    primary.script(openAiRateLimited({ 'retry-after-ms': '1' }));
    secondary.script(openAiRateLimited({ 'retry-after-ms': '2' }));

    const response = await postChat(newTenant(), { messages: userMessage('all busy') });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'AI_PROVIDERS_BUSY' });
    expect(response.headers['retry-after']).toBe('1');
  });

  it('should not try another deployment when the vendor refuses the request itself (400)', async () => {
    primary.script(openAiBadRequest());
    const before = secondary.requests.length;

    const response = await postChat(newTenant(), { messages: userMessage('too long') });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'AI_UPSTREAM_REJECTED' });
    expect(secondary.requests.length).toBe(before);
  });

  it('should honour a pinned model and the local-only strategy of the request', async () => {
    secondary.script(openAiCompletion('Pinned'));
    const tenantId = newTenant();

    const pinned = await postChat(tenantId, { messages: userMessage('pin'), routing: { model: 'dear/gpt-4o' } });
    const local = await postChat(tenantId, { messages: userMessage('Local please. The ledger is closed.'), routing: { strategy: 'local-only' } });

    expect(pinned.json(), pinned.body).toMatchObject({ model: 'dear/gpt-4o', text: 'Pinned' });
    expect(local.json()).toMatchObject({ model: 'local/extractive', usage: { cost_eur: '0' } });
    expect(local.json().text).toContain('Local engine');
  });

  it.each([
    ['no messages', { messages: [] }, 400, 'KIT_VALIDATION_FAILED'],
    ['a wrong type', { messages: [{ role: 'user', content: { text: 'x' } }] }, 400, 'KIT_VALIDATION_FAILED'],
    ['a temperature out of range', { messages: userMessage(), temperature: 7 }, 400, 'KIT_VALIDATION_FAILED'],
    ['an unknown role', { messages: [{ role: 'root', content: 'x' }] }, 400, 'KIT_VALIDATION_FAILED'],
    ['only empty text', { messages: [{ role: 'user', content: '   ' }] }, 400, 'AI_REQUEST_UNSUPPORTED'],
    ['a tool message without its call id', { messages: [...userMessage(), { role: 'tool', content: '{}' }] }, 400, 'AI_REQUEST_UNSUPPORTED'],
    ['a tool choice that names no tool', { messages: userMessage(), tool_choice: { name: 'ghost' } }, 400, 'AI_REQUEST_UNSUPPORTED'],
    ['an unknown model', { messages: userMessage(), routing: { model: 'nobody/nothing' } }, 404, 'AI_MODEL_NOT_FOUND'],
    ['a bad task name', { messages: userMessage(), task: 'Bad Task!' }, 400, 'KIT_VALIDATION_FAILED'],
    [
      'tools for the built-in engine only',
      { messages: userMessage(), routing: { strategy: 'local-only' }, tools: [{ name: 'post_entry', parameters: { type: 'object' } }] },
      422,
      'AI_NO_CAPABLE_MODEL',
    ],
  ])('should refuse %s with a problem document', async (_case, payload, status, code) => {
    const response = await postChat(newTenant(), payload);

    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status, code });
  });

  it('should refuse a body over the size limit with 413', async () => {
    const response = await postChat(newTenant(), { messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] });

    expect(response.statusCode).toBe(413);
  });

  it('should refuse a caller without a token (401) or without ai.assistant:use (403)', async () => {
    const tenantId = newTenant();

    const anonymous = await ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', payload: { messages: userMessage() } });
    const unprivileged = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await ai.headers(tenantId, ['ai.suggestions:read']),
      payload: { messages: userMessage() },
    });

    expect(anonymous.statusCode).toBe(401);
    expect(unprivileged.statusCode).toBe(403);
  });
});
