import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { mistralDefault } from '../fakes/mistral-wire.js';
import { openAiDefault, openAiServerError } from '../fakes/openai-wire.js';
import { buildTestApp, embeddingModel, newTenant, providersConfig, type TestAi } from '../helpers.js';

let openai: FakeServer;
let mistral: FakeServer;
let ai: TestAi;

beforeAll(async () => {
  [openai, mistral] = await Promise.all([startFakeServer(openAiDefault), startFakeServer(mistralDefault)]);
  const config = providersConfig(
    {
      openai: { baseUrl: `${openai.url}/v1`, models: [embeddingModel('text-embedding-3-small', '0.02')] },
      mistral: { kind: 'mistral', baseUrl: `${mistral.url}/v1`, models: [embeddingModel('mistral-embed', '0.1')] },
    },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
  );
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: config, AI_BREAKER_MIN_CALLS: '1000', AI_BREAKER_COOLDOWN_MS: '1', AI_BREAKER_COOLDOWN_MAX_MS: '1' },
  });
});
afterAll(async () => {
  await ai.close();
  await Promise.all([openai.close(), mistral.close()]);
});

async function embed(payload: Record<string, unknown>) {
  return ai.app.inject({ method: 'POST', url: '/v1/embeddings', headers: await ai.headers(newTenant()), payload: { model: 'auto', ...payload } });
}

describe('POST /v1/embeddings', () => {
  it('should embed with the cheapest embedding model and report its usage', async () => {
    const response = await embed({ input: ['eins', 'zwei'] });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      object: 'list',
      model: 'openai/text-embedding-3-small',
      data: [{ index: 0, embedding: [0.1, 0.2, 0.3] }, { index: 1 }],
      usage: { prompt_tokens: 8 },
    });
  });

  it('should fall back to the next embedding model and keep all vectors of a request from one model', async () => {
    openai.script(openAiServerError());

    const response = await embed({ input: Array.from({ length: 40 }, (_, index) => `text ${index}`) });

    expect(response.json().model).toBe('mistral/mistral-embed');
    expect(response.json().data).toHaveLength(40);
    // Mistral takes 32 inputs per request: 40 need two.
    expect(mistral.requests.slice(-2).map((request) => (request.body.input as string[]).length)).toEqual([32, 8]);
  });

  it.each([
    ['an empty string', { input: '' }, 'AI_REQUEST_UNSUPPORTED'],
    ['an empty list', { input: [] }, 'KIT_VALIDATION_FAILED'],
    ['more than 2048 inputs', { input: Array(2049).fill('x') }, 'KIT_VALIDATION_FAILED'],
    ['dimensions', { input: 'x', dimensions: 64 }, 'AI_REQUEST_UNSUPPORTED'],
    ['an unknown encoding', { input: 'x', encoding_format: 'int8' }, 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s with 400 in OpenAI’s shape', async (_case, payload, code) => {
    const response = await embed(payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error', code } });
  });
});
