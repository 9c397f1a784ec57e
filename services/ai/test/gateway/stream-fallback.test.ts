import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anthropicDefault, anthropicOverloaded, anthropicOverloadedStream, anthropicStream } from '../fakes/anthropic-wire.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiDefault, openAiStream } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let claude: FakeServer;
let openai: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  [claude, openai] = await Promise.all([startFakeServer(anthropicDefault), startFakeServer(openAiDefault)]);
  const config = providersConfig(
    {
      anthropic: { kind: 'anthropic', baseUrl: `${claude.url}/v1`, models: [chatModel('claude-3-5-haiku-latest', '0.1', '0.1')], maxConcurrency: 1 },
      openai: { baseUrl: `${openai.url}/v1`, models: [chatModel('gpt-4o-mini', '1', '1')] },
    },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
  );
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: config, AI_QUEUE_TIMEOUT_MS: '500', AI_BREAKER_MIN_CALLS: '1000', AI_BREAKER_COOLDOWN_MS: '1', AI_BREAKER_COOLDOWN_MAX_MS: '1' },
  });
});
afterAll(async () => {
  await ai.close();
  await Promise.all([claude.close(), openai.close()]);
});

function contents(body: string): { text: string; events: string[] } {
  const events = body.split('\n\n').filter(Boolean);
  const text = events
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string } }[] })
    .map((chunk) => chunk.choices?.[0]?.delta?.content ?? '')
    .join('');
  return { text, events };
}

async function stream(tenantId = newTenant()) {
  return ai.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: await ai.headers(tenantId),
    payload: { model: 'auto', messages: userMessage(), stream: true },
  });
}

describe('a streamed completion through the gateway', () => {
  it('should stream the cheapest deployment in OpenAI chunks ending with [DONE]', async () => {
    claude.script(anthropicStream(['Kurz', ' und', ' gut']));

    const response = await stream();

    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.headers['x-erp-model']).toBe('anthropic/claude-3-5-haiku-latest');
    const { text, events } = contents(response.body);
    expect(text).toBe('Kurz und gut');
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('should fall back to the next deployment when the first fails before its first chunk', async () => {
    claude.script(anthropicOverloadedStream());
    openai.script(openAiStream(['From', ' OpenAI']));

    const response = await stream();

    expect(response.headers['x-erp-model']).toBe('openai/gpt-4o-mini');
    expect(contents(response.body).text).toBe('From OpenAI');
  });

  it('should fall back when the first answers 529 to the streamed request', async () => {
    claude.script(anthropicOverloaded());

    const response = await stream();

    expect(response.headers['x-erp-model']).toBe('openai/gpt-4o-mini');
  });

  it('should end with an error event, not switch models, when a deployment fails after its first chunk', async () => {
    claude.script(anthropicOverloadedStream(['Begun']));
    const before = openai.requests.length;

    const response = await stream();

    const { text, events } = contents(response.body);
    expect(text).toBe('Begun');
    expect(JSON.parse(events.at(-1)?.slice(6) ?? '{}')).toMatchObject({ error: { code: 'AI_STREAM_INTERRUPTED' } });
    expect(openai.requests.length).toBe(before);
  });

  it('should book a broken-off stream as failed with the estimated cost of what was produced', async () => {
    const tenantId = newTenant();
    claude.script(anthropicOverloadedStream(['Begun']));

    await stream(tenantId);
    const usage = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/usage', headers: await ai.headers(tenantId) });

    expect(usage.json().total).toMatchObject({ requests: 1, failed_requests: 1 });
    expect(usage.json().total.output_tokens).toBeGreaterThan(0);
  });

  it('should stop the provider, free its slot and book the call when the client goes away mid-stream', async () => {
    const tenantId = newTenant();
    const address = await ai.app.listen({ port: 0, host: '127.0.0.1' });
    // The provider keeps the stream open: only the hang-up can free the slot before the queue timeout (500 ms).
    const { events } = anthropicStream(['One', ' two']) as { events: string[] };
    claude.script({ events: events.slice(0, 5), hangAfter: true });
    const controller = new AbortController();
    const response = await fetch(`${address}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...(await ai.headers(tenantId)), 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: userMessage(), stream: true }),
      signal: controller.signal,
    });

    // 1. Read the first chunk, then hang up.
    await response.body?.getReader().read();
    controller.abort();
    // 2. The provider's only slot must be free again: the next stream gets the same (cheapest) deployment.
    claude.script(anthropicStream(['Again']));
    const next = await stream(tenantId);
    // 3. The abandoned call is booked.
    const usage = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/usage', headers: await ai.headers(tenantId) });

    expect(next.headers['x-erp-model']).toBe('anthropic/claude-3-5-haiku-latest');
    expect(usage.json().total).toMatchObject({ requests: 2, failed_requests: 1 });
  });
});
