import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiProvider } from '../../src/providers/openai/openai-provider.js';
import type { ProviderV1 } from '../../src/providers/spec/provider-v1.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import {
  openAiBadRequest,
  openAiBrokenStream,
  openAiCompletion,
  openAiDefault,
  openAiEmbeddings,
  openAiOverloaded,
  openAiRateLimited,
  openAiServerError,
  openAiStream,
  openAiToolCallStream,
} from '../fakes/openai-wire.js';
import { collect, providerErrorOf, USER } from './collect.js';

let server: FakeServer;
let provider: ProviderV1;

beforeAll(async () => {
  server = await startFakeServer(openAiDefault);
  provider = createOpenAiProvider({ apiKey: 'sk-test-key', baseUrl: `${server.url}/v1` });
});
afterAll(() => server.close());

const model = () => provider.chatModel('gpt-4o-mini');

describe('the OpenAI provider', () => {
  it('should send a Chat Completions request with the key and map the answer and its usage', async () => {
    server.script(openAiCompletion('Hello there', { promptTokens: 21, completionTokens: 3 }));

    const result = await model().doGenerate({ messages: [{ role: 'system', content: 'Be brief.' }, ...USER], maxOutputTokens: 50, temperature: 0 });

    expect(result).toEqual({ text: 'Hello there', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 21, outputTokens: 3 } });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(request?.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 50, temperature: 0, messages: [{ role: 'system' }, { role: 'user' }] });
  });

  it('should stream the text deltas and end with the usage of the include_usage chunk', async () => {
    server.script(openAiStream(['Hel', 'lo', '!'], { promptTokens: 9, completionTokens: 3 }));

    const { text, parts, error } = await collect(await model().doStream({ messages: USER }));

    expect(error).toBeUndefined();
    expect(text).toBe('Hello!');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 3 } });
    expect(server.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('should assemble a streamed tool call from its argument pieces', async () => {
    server.script(openAiToolCallStream('call_abc', 'find_customer', ['{"name":', '"Müller"}']));
    const tools = [{ name: 'find_customer', parameters: { type: 'object', properties: { name: { type: 'string' } } } }];

    const { parts } = await collect(await model().doStream({ messages: USER, tools }));

    expect(parts).toContainEqual({ type: 'tool-call', toolCall: { id: 'call_abc', name: 'find_customer', arguments: '{"name":"Müller"}' } });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
    expect(server.requests.at(-1)?.body.tools).toEqual([{ type: 'function', function: { name: 'find_customer', parameters: tools[0]?.parameters } }]);
  });

  it('should return a tool call of a non-streamed answer', async () => {
    server.script(openAiCompletion('', { toolCalls: [{ id: 'call_1', name: 'find_customer', arguments: '{"name":"Meier"}' }] }));

    const result = await model().doGenerate({ messages: USER, tools: [{ name: 'find_customer', parameters: { type: 'object' } }] });

    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'find_customer', arguments: '{"name":"Meier"}' }]);
    expect(result.finishReason).toBe('tool-calls');
  });

  it('should embed values through /embeddings', async () => {
    server.script(
      openAiEmbeddings(
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
        7,
      ),
    );

    const result = await provider.embeddingModel('text-embedding-3-small')?.doEmbed({ values: ['a', 'b'] });

    expect(result).toEqual({
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      usage: { inputTokens: 7 },
    });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' },
    });
  });

  it('should report a 429 as rate-limited with the wait from retry-after-ms', async () => {
    server.script(openAiRateLimited());

    const error = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect(error).toMatchObject({ kind: 'rate-limited', statusCode: 429, retryAfterMs: 1500 });
  });

  it('should read retry-after in seconds when retry-after-ms is absent', async () => {
    server.script(openAiRateLimited({ 'retry-after': '7' }));

    const error = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect(error.retryAfterMs).toBe(7000);
  });

  it('should report a 500 as server-error, a 503 as overloaded and a 400 as bad-request', async () => {
    server.script(openAiServerError(), openAiOverloaded(), openAiBadRequest());

    const kinds = [];
    for (let index = 0; index < 3; index += 1) kinds.push((await providerErrorOf(model().doGenerate({ messages: USER }))).kind);

    expect(kinds).toEqual(['server-error', 'overloaded', 'bad-request']);
  });

  it('should report a 429 of a streamed request before any output as rate-limited', async () => {
    server.script(openAiRateLimited());

    const error = await providerErrorOf(model().doStream({ messages: USER }));

    expect(error.kind).toBe('rate-limited');
  });

  it('should report a timeout when the server does not answer before the deadline', async () => {
    server.script({ hang: true });

    const error = await providerErrorOf(model().doGenerate({ messages: USER, abortSignal: AbortSignal.timeout(150) }));

    expect(error.kind).toBe('timeout');
  });

  it('should end a stream that breaks off midway with a server-error after the parts already sent', async () => {
    server.script(openAiBrokenStream(['Hal', 'f']));

    const { text, error } = await collect(await model().doStream({ messages: USER }));

    expect(text).toBe('Half');
    expect(error).toMatchObject({ kind: 'server-error' });
  });

  it('should report an unreachable server as a network failure', async () => {
    const unreachable = createOpenAiProvider({ apiKey: 'sk', baseUrl: 'http://127.0.0.1:1/v1' });

    const error = await providerErrorOf(unreachable.chatModel('gpt-4o-mini').doGenerate({ messages: USER }));

    expect(error.kind).toBe('network');
  });
});
