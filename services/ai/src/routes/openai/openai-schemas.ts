import Type from 'typebox';
import { CONTENT_LENGTH_MAX } from '../chat-schemas.js';

// OpenAI adds request fields often (store, metadata, logprobs, ...); unknown fields are accepted and ignored
// rather than refused, so that current clients keep working.
const open = { additionalProperties: true };

// Checked in code (request-mapping.ts): a string, null, or an array of text parts. A union here would meet
// Fastify's type coercion, which rewrites the value in each failing branch (an array of one part into that
// part) before the next branch sees it; the body limit bounds the size.
const Content = Type.Unknown();

const ToolCall = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Optional(Type.Literal('function')),
    function: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), arguments: Type.String({ maxLength: 100_000 }) }, open),
  },
  open,
);

export const OpenAiMessage = Type.Object(
  {
    role: Type.Union([Type.Literal('system'), Type.Literal('developer'), Type.Literal('user'), Type.Literal('assistant'), Type.Literal('tool')]),
    content: Type.Optional(Content),
    name: Type.Optional(Type.String({ maxLength: 64 })),
    tool_calls: Type.Optional(Type.Array(ToolCall, { maxItems: 128 })),
    tool_call_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  open,
);

const FunctionTool = Type.Object(
  {
    type: Type.Literal('function'),
    function: Type.Object(
      {
        name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }),
        description: Type.Optional(Type.String({ maxLength: 4000 })),
        parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100 })),
      },
      open,
    ),
  },
  open,
);

const ResponseFormat = Type.Union([
  Type.Object({ type: Type.Literal('text') }, open),
  Type.Object({ type: Type.Literal('json_object') }, open),
  Type.Object(
    {
      type: Type.Literal('json_schema'),
      json_schema: Type.Object({ name: Type.String({ maxLength: 64 }), schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, open),
    },
    open,
  ),
]);

export const ChatCompletionBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 241 }),
    messages: Type.Array(OpenAiMessage, { minItems: 1, maxItems: 500 }),
    max_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
    max_completion_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
    temperature: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 2 }), Type.Null()])),
    top_p: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1 }), Type.Null()])),
    n: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 128 }), Type.Null()])),
    stop: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 4 }), Type.Null()]),
    ),
    stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, open), Type.Null()])),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 }), Type.Null()])),
    tools: Type.Optional(Type.Array(FunctionTool, { maxItems: 128 })),
    tool_choice: Type.Optional(
      Type.Union([
        Type.Literal('none'),
        Type.Literal('auto'),
        Type.Literal('required'),
        Type.Object({ type: Type.Literal('function'), function: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, open) }, open),
      ]),
    ),
    response_format: Type.Optional(ResponseFormat),
    user: Type.Optional(Type.String({ maxLength: 256 })),
  },
  open,
);

export const EmbeddingBody = Type.Object(
  {
    model: Type.String({ minLength: 1, maxLength: 241 }),
    input: Type.Union([
      Type.String({ maxLength: CONTENT_LENGTH_MAX }),
      Type.Array(Type.String({ maxLength: CONTENT_LENGTH_MAX }), { minItems: 1, maxItems: 2048 }),
    ]),
    encoding_format: Type.Optional(Type.Union([Type.Literal('float'), Type.Literal('base64')])),
    dimensions: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    user: Type.Optional(Type.String({ maxLength: 256 })),
  },
  open,
);
