import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMistralProvider } from '../../src/providers/mistral/mistral-provider.js';
import type { ProviderV1 } from '../../src/providers/spec/provider-v1.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import {
  mistralCompletion,
  mistralDefault,
  mistralEmbeddings,
  mistralError,
  mistralRateLimited,
  mistralServerError,
  mistralStream,
  mistralToolCallStream,
} from '../fakes/mistral-wire.js';
import { collect, providerErrorOf, USER } from './collect.js';

let server: FakeServer;
let provider: ProviderV1;

beforeAll(async () => {
  server = await startFakeServer(mistralDefault);
  provider = createMistralProvider({ apiKey: 'mistral-test', baseUrl: `${server.url}/v1` });
});
afterAll(() => server.close());

const model = () => provider.chatModel('mistral-small-latest');

describe('the Mistral provider', () => {
  it('should send a chat completion request with the bearer key and map the answer', async () => {
    server.script(mistralCompletion('Bonjour', { promptTokens: 16, completionTokens: 2 }));

    const result = await model().doGenerate({ messages: USER, temperature: 0.2 });

    expect(result).toEqual({ text: 'Bonjour', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 16, outputTokens: 2 } });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer mistral-test' },
      body: { model: 'mistral-small-latest', temperature: 0.2 },
    });
  });

  it('should stream the deltas and take the usage from the last chunk', async () => {
    server.script(mistralStream(['Bon', 'jour'], { promptTokens: 11, completionTokens: 2 }));

    const { text, parts } = await collect(await model().doStream({ messages: USER }));

    expect(text).toBe('Bonjour');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 2 } });
  });

  it('should take a tool call that arrives whole in one chunk', async () => {
    server.script(mistralToolCallStream('D681PevKs', 'find_customer', '{"name":"Weber"}'));

    const { parts } = await collect(await model().doStream({ messages: USER, tools: [{ name: 'find_customer', parameters: { type: 'object' } }] }));

    expect(parts).toContainEqual({ type: 'tool-call', toolCall: { id: 'D681PevKs', name: 'find_customer', arguments: '{"name":"Weber"}' } });
  });

  it('should embed values through /embeddings', async () => {
    server.script(
      mistralEmbeddings([
        [1, 0],
        [0, 1],
      ]),
    );

    const result = await provider.embeddingModel('mistral-embed')?.doEmbed({ values: ['x', 'y'] });

    expect(result).toEqual({
      embeddings: [
        [1, 0],
        [0, 1],
      ],
      usage: { inputTokens: 15 },
    });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', body: { model: 'mistral-embed', input: ['x', 'y'] } });
  });

  it('should report a 429 without a retry header as rate-limited with no wait given', async () => {
    server.script(mistralRateLimited());

    const error = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect(error).toMatchObject({ kind: 'rate-limited', statusCode: 429 });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('should report a 500 as server-error and a 401 as unauthorized', async () => {
    server.script(mistralServerError(), mistralError(401, 'invalid_api_key', 'Unauthorized'));

    const failed = await providerErrorOf(model().doGenerate({ messages: USER }));
    const refused = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect([failed.kind, refused.kind]).toEqual(['server-error', 'unauthorized']);
  });

  it('should report a timeout when the answer does not come in time', async () => {
    server.script({ status: 200, json: {}, delayMs: 1000 });

    const error = await providerErrorOf(model().doGenerate({ messages: USER, abortSignal: AbortSignal.timeout(100) }));

    expect(error.kind).toBe('timeout');
  });
});
