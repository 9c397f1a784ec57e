import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic/anthropic-provider.js';
import type { ProviderV1 } from '../../src/providers/spec/provider-v1.js';
import {
  anthropicDefault,
  anthropicMessage,
  anthropicOverloaded,
  anthropicOverloadedStream,
  anthropicRateLimited,
  anthropicServerError,
  anthropicStream,
  anthropicToolUseStream,
} from '../fakes/anthropic-wire.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { collect, providerErrorOf, USER } from './collect.js';

let server: FakeServer;
let provider: ProviderV1;

beforeAll(async () => {
  server = await startFakeServer(anthropicDefault);
  provider = createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: `${server.url}/v1` });
});
afterAll(() => server.close());

const model = () => provider.chatModel('claude-3-5-haiku-latest');

describe('the Anthropic provider', () => {
  it('should send a Messages request with x-api-key and anthropic-version, the system prompt apart', async () => {
    server.script(anthropicMessage('Hallo', { inputTokens: 14, outputTokens: 2 }));

    const result = await model().doGenerate({ messages: [{ role: 'system', content: 'Antworte kurz.' }, ...USER], maxOutputTokens: 100 });

    expect(result).toEqual({ text: 'Hallo', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 14, outputTokens: 2 } });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' });
    expect(request?.body).toMatchObject({ model: 'claude-3-5-haiku-latest', max_tokens: 100, system: [{ type: 'text', text: 'Antworte kurz.' }] });
  });

  it('should stream the text deltas of the content_block_delta events with the usage of message_start and message_delta', async () => {
    server.script(anthropicStream(['Hel', 'lo'], { inputTokens: 25, outputTokens: 15 }));

    const { text, parts, error } = await collect(await model().doStream({ messages: USER }));

    expect(error).toBeUndefined();
    expect(text).toBe('Hello');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 25, outputTokens: 15 } });
  });

  it('should assemble a tool_use block from its input_json_delta pieces', async () => {
    server.script(anthropicToolUseStream('toolu_01', 'find_customer', ['{"name": ', '"Schulz"}']));

    const { parts } = await collect(await model().doStream({ messages: USER, tools: [{ name: 'find_customer', parameters: { type: 'object' } }] }));

    expect(parts).toContainEqual({ type: 'tool-call', toolCall: { id: 'toolu_01', name: 'find_customer', arguments: '{"name": "Schulz"}' } });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('should report a 429 as rate-limited with the wait of retry-after', async () => {
    server.script(anthropicRateLimited());

    const error = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect(error).toMatchObject({ kind: 'rate-limited', statusCode: 429, retryAfterMs: 3000 });
  });

  it('should report a 529 as overloaded and a 500 as server-error', async () => {
    server.script(anthropicOverloaded(), anthropicServerError());

    const overloaded = await providerErrorOf(model().doGenerate({ messages: USER }));
    const failed = await providerErrorOf(model().doGenerate({ messages: USER }));

    expect([overloaded.kind, failed.kind]).toEqual(['overloaded', 'server-error']);
  });

  it('should report an overloaded_error event before any text as overloaded, on the first read', async () => {
    server.script(anthropicOverloadedStream());

    const { parts, error } = await collect(await model().doStream({ messages: USER }));

    expect(parts).toEqual([]);
    expect(error).toMatchObject({ kind: 'overloaded' });
  });

  it('should end a stream with overloaded after the text that came before the error event', async () => {
    server.script(anthropicOverloadedStream(['Teil']));

    const { text, error } = await collect(await model().doStream({ messages: USER }));

    expect(text).toBe('Teil');
    expect(error).toMatchObject({ kind: 'overloaded' });
  });

  it('should report a timeout when no event arrives before the deadline', async () => {
    server.script({ events: [], hangAfter: true });

    // The deadline may strike while waiting for the headers or for the first event; both are a timeout.
    const error = await model()
      .doStream({ messages: USER, abortSignal: AbortSignal.timeout(150) })
      .then(
        (parts) => collect(parts).then((result) => result.error),
        (reason: unknown) => reason,
      );

    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it('should offer no embedding model', () => {
    expect(provider.embeddingModel('anything')).toBeUndefined();
  });
});
