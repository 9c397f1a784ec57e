import type { FakeResponse, RecordedRequest } from './fake-server.js';

// Answers as Anthropic's Messages API documents them: the message object, the named SSE events, error objects.

const MODEL = 'claude-3-5-haiku-20241022';

export function anthropicMessage(
  text: string,
  options: { inputTokens?: number; outputTokens?: number; toolUse?: { id: string; name: string; input: unknown } } = {},
): FakeResponse {
  const content = options.toolUse ? [{ type: 'tool_use', ...options.toolUse }] : [{ type: 'text', text }];
  return {
    status: 200,
    headers: { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy', 'anthropic-organization-id': 'org-fake' },
    json: {
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content,
      stop_reason: options.toolUse ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: options.inputTokens ?? 12, output_tokens: options.outputTokens ?? 6, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  };
}

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

function messageStart(inputTokens: number) {
  return event('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_01S2ZkpgGYQJ4eDBBszYWoMu',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    },
  });
}

export function anthropicStream(pieces: readonly string[], options: { inputTokens?: number; outputTokens?: number } = {}): FakeResponse {
  return {
    events: [
      messageStart(options.inputTokens ?? 25),
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event('ping', { type: 'ping' }),
      ...pieces.map((text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: options.outputTokens ?? 15 },
      }),
      event('message_stop', { type: 'message_stop' }),
    ],
  };
}

export function anthropicToolUseStream(id: string, name: string, jsonPieces: readonly string[]): FakeResponse {
  return {
    events: [
      messageStart(40),
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id, name, input: {} } }),
      ...jsonPieces.map((partial_json) =>
        event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json } }),
      ),
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } }),
      event('message_stop', { type: 'message_stop' }),
    ],
  };
}

/** Anthropic reports overload inside a 200 stream as an `error` event, often before any content. */
export function anthropicOverloadedStream(piecesBefore: readonly string[] = []): FakeResponse {
  const blocks = piecesBefore.length
    ? [
        event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        ...piecesBefore.map((text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      ]
    : [];
  return { events: [messageStart(25), ...blocks, event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })] };
}

export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fz', ...headers }, json: { type: 'error', error: { type, message } } };
}

export const anthropicRateLimited = () =>
  anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', {
    'retry-after': '3',
    'anthropic-ratelimit-requests-remaining': '0',
  });
export const anthropicOverloaded = () => anthropicError(529, 'overloaded_error', 'Overloaded');
export const anthropicServerError = () => anthropicError(500, 'api_error', 'Internal server error');

export function anthropicDefault(request: RecordedRequest): FakeResponse {
  return request.body.stream === true ? anthropicStream(['Hello', ' from', ' Claude']) : anthropicMessage('Hello from Claude');
}
