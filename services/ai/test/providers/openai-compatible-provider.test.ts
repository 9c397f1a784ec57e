import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiDefault, openAiRateLimited, openAiServerError, openAiStream } from '../fakes/openai-wire.js';
import { collect, providerErrorOf, USER } from './collect.js';

let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer(openAiDefault);
});
afterAll(() => server.close());

// Ollama and vLLM serve OpenAI's wire format under /v1 and usually need no key.
const provider = (apiKey?: string) => createOpenAiCompatibleProvider({ name: 'ollama', baseUrl: `${server.url}/v1`, apiKey });

describe('the OpenAI-compatible provider', () => {
  it('should call the server without an Authorization header when no key is configured', async () => {
    server.script(openAiCompletion('Hi from llama', { promptTokens: 5, completionTokens: 4 }));

    const result = await provider().chatModel('llama3.1:8b').doGenerate({ messages: USER });

    expect(result).toMatchObject({ text: 'Hi from llama', usage: { inputTokens: 5, outputTokens: 4 } });
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { model: 'llama3.1:8b' } });
  });

  it('should ask for usage in streams and return it at the finish', async () => {
    server.script(openAiStream(['a', 'b'], { promptTokens: 3, completionTokens: 2 }));

    const { text, parts } = await collect(await provider('vllm-key').chatModel('meta-llama/Llama-3.1-8B').doStream({ messages: USER }));

    expect(text).toBe('ab');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 3, outputTokens: 2 } });
    expect(server.requests.at(-1)).toMatchObject({
      headers: { authorization: 'Bearer vllm-key' },
      body: { stream: true, stream_options: { include_usage: true } },
    });
  });

  it('should embed values', async () => {
    const result = await provider()
      .embeddingModel('nomic-embed-text')
      ?.doEmbed({ values: ['eins', 'zwei'] });

    expect(result?.embeddings).toEqual([
      [0.1, 0.2, 0.3],
      [0.1, 0.2, 0.3],
    ]);
  });

  it('should map 429 and 500 answers like OpenAI', async () => {
    server.script(openAiRateLimited(), openAiServerError());

    const limited = await providerErrorOf(provider().chatModel('m').doGenerate({ messages: USER }));
    const failed = await providerErrorOf(provider().chatModel('m').doGenerate({ messages: USER }));

    expect([limited.kind, limited.retryAfterMs, failed.kind]).toEqual(['rate-limited', 1500, 'server-error']);
  });

  it('should report a timeout when a local server is too slow to start answering', async () => {
    server.script({ hang: true });

    const error = await providerErrorOf(
      provider()
        .chatModel('m')
        .doGenerate({ messages: USER, abortSignal: AbortSignal.timeout(100) }),
    );

    expect(error.kind).toBe('timeout');
  });
});
