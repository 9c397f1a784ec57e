import type { FakeResponse, RecordedRequest } from './fake-server.js';

// Answers as OpenAI's API documents them (Chat Completions, Embeddings, errors), trimmed to what the tests vary.

const CREATED = 1_767_225_600;

export function openAiUsage(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function openAiCompletion(
  text: string,
  options: { model?: string; promptTokens?: number; completionTokens?: number; toolCalls?: { id: string; name: string; arguments: string }[] } = {},
): FakeResponse {
  const toolCalls = options.toolCalls?.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  return {
    status: 200,
    headers: { 'x-request-id': 'req_fake', 'openai-processing-ms': '12' },
    json: {
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      object: 'chat.completion',
      created: CREATED,
      model: options.model ?? 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: toolCalls ? null : text, refusal: null, annotations: [], ...(toolCalls ? { tool_calls: toolCalls } : {}) },
          logprobs: null,
          finish_reason: toolCalls ? 'tool_calls' : 'stop',
        },
      ],
      usage: openAiUsage(options.promptTokens ?? 19, options.completionTokens ?? 10),
      service_tier: 'default',
      system_fingerprint: 'fp_06737a9306',
    },
  };
}

function chunk(delta: Record<string, unknown> | undefined, finishReason: string | null, usage: unknown = null, choices = true) {
  const body = {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
    choices: choices ? [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] : [],
    usage,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** A streamed answer: role chunk, one chunk per piece, the finish chunk, the usage chunk (include_usage), [DONE]. */
export function openAiStream(pieces: readonly string[], options: { promptTokens?: number; completionTokens?: number; pauseMs?: number } = {}): FakeResponse {
  return {
    pauseMs: options.pauseMs,
    events: [
      chunk({ role: 'assistant', content: '', refusal: null }, null),
      ...pieces.map((piece) => chunk({ content: piece }, null)),
      chunk({}, 'stop'),
      chunk(undefined, null, openAiUsage(options.promptTokens ?? 19, options.completionTokens ?? pieces.length), false),
      'data: [DONE]\n\n',
    ],
  };
}

/** A streamed tool call: the call's id and name first, its arguments in two pieces, finish reason tool_calls. */
export function openAiToolCallStream(id: string, name: string, argumentPieces: readonly string[]): FakeResponse {
  return {
    events: [
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }], refusal: null }, null),
      ...argumentPieces.map((piece) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null)),
      chunk({}, 'tool_calls'),
      chunk(undefined, null, openAiUsage(30, 12), false),
      'data: [DONE]\n\n',
    ],
  };
}

/** The first chunks of an answer, then an error event, as OpenAI sends when a stream fails midway. */
export function openAiBrokenStream(pieces: readonly string[]): FakeResponse {
  const error = {
    error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
  };
  return {
    events: [chunk({ role: 'assistant', content: '' }, null), ...pieces.map((piece) => chunk({ content: piece }, null)), `data: ${JSON.stringify(error)}\n\n`],
  };
}

export function openAiEmbeddings(vectors: readonly (readonly number[])[], promptTokens = 8): FakeResponse {
  return {
    status: 200,
    json: {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
  };
}

export function openAiRateLimited(headers: Record<string, string> = { 'retry-after-ms': '1500', 'retry-after': '2' }): FakeResponse {
  return {
    status: 429,
    headers: { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s', ...headers },
    json: {
      error: {
        message:
          'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1.5s.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
  };
}

export function openAiServerError(): FakeResponse {
  return {
    status: 500,
    json: { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } },
  };
}

export function openAiOverloaded(): FakeResponse {
  return {
    status: 503,
    json: { error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null } },
  };
}

export function openAiBadRequest(): FakeResponse {
  return {
    status: 400,
    json: {
      error: {
        message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    },
  };
}

/** Answers like OpenAI does by default: streams when asked to, embeddings at /embeddings. */
export function openAiDefault(request: RecordedRequest): FakeResponse {
  if (request.path.endsWith('/embeddings')) return openAiEmbeddings((request.body.input as string[]).map(() => [0.1, 0.2, 0.3]));
  return request.body.stream === true ? openAiStream(['Hello', ' from', ' OpenAI']) : openAiCompletion('Hello from OpenAI');
}
