import type { FakeResponse, RecordedRequest } from './fake-server.js';

// Answers as Mistral's La Plateforme documents them: OpenAI-like, with usage in the last stream chunk and
// tool calls delivered whole, and its own error object.

const MODEL = 'mistral-small-latest';
const usage = (promptTokens: number, completionTokens: number) => ({
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
});

export function mistralCompletion(
  text: string,
  options: { promptTokens?: number; completionTokens?: number; toolCalls?: { id: string; name: string; arguments: string }[] } = {},
): FakeResponse {
  const toolCalls = options.toolCalls?.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments }, index: 0 }));
  return {
    status: 200,
    json: {
      id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
      object: 'chat.completion',
      model: MODEL,
      usage: usage(options.promptTokens ?? 16, options.completionTokens ?? 34),
      created: 1_767_225_600,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: toolCalls ? '' : text, tool_calls: toolCalls ?? null, prefix: false },
          finish_reason: toolCalls ? 'tool_calls' : 'stop',
        },
      ],
    },
  };
}

function chunk(delta: Record<string, unknown>, finishReason: string | null, withUsage?: { promptTokens: number; completionTokens: number }) {
  const body = {
    id: 'cmpl-a9b6a2e5fbcb4aa1a3ec9ff1bd8e6e66',
    object: 'chat.completion.chunk',
    created: 1_767_225_600,
    model: MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(withUsage ? { usage: usage(withUsage.promptTokens, withUsage.completionTokens) } : {}),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

export function mistralStream(pieces: readonly string[], options: { promptTokens?: number; completionTokens?: number } = {}): FakeResponse {
  const last = pieces.at(-1) ?? '';
  return {
    events: [
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.slice(0, -1).map((content) => chunk({ content }, null)),
      chunk({ content: last }, 'stop', { promptTokens: options.promptTokens ?? 16, completionTokens: options.completionTokens ?? pieces.length }),
      'data: [DONE]\n\n',
    ],
  };
}

export function mistralToolCallStream(id: string, name: string, args: string): FakeResponse {
  return {
    events: [
      chunk({ role: 'assistant', content: '' }, null),
      chunk({ content: '', tool_calls: [{ id, function: { name, arguments: args }, index: 0 }] }, 'tool_calls', { promptTokens: 60, completionTokens: 20 }),
      'data: [DONE]\n\n',
    ],
  };
}

export function mistralEmbeddings(vectors: readonly (readonly number[])[]): FakeResponse {
  return {
    status: 200,
    json: {
      id: 'embd-aad6fc62b17349b192ef09225058bc45',
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
      model: 'mistral-embed',
      usage: { prompt_tokens: 15, total_tokens: 15 },
    },
  };
}

export function mistralError(status: number, type: string, message: string, code: string | null = null): FakeResponse {
  return { status, json: { object: 'error', message, type, param: null, code } };
}

export const mistralRateLimited = () => mistralError(429, 'rate_limited', 'Requests rate limit exceeded', '1300');
export const mistralServerError = () => mistralError(500, 'internal_server_error', 'Internal server error');

export function mistralDefault(request: RecordedRequest): FakeResponse {
  if (request.path.endsWith('/embeddings')) return mistralEmbeddings((request.body.input as string[]).map(() => [0.5, 0.5]));
  return request.body.stream === true ? mistralStream(['Bonjour', ' de', ' Mistral']) : mistralCompletion('Bonjour de Mistral');
}
