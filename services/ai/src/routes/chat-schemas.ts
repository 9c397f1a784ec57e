import Type from 'typebox';
import { TASK_PATTERN } from '../settings/schemas.js';

// About 50 000 words: more than any context a configured model takes, less than the body limit.
export const CONTENT_LENGTH_MAX = 400_000;

export const PrioritySchema = Type.Union([Type.Literal('critical'), Type.Literal('normal'), Type.Literal('batch')]);
export const TaskSchema = Type.String({ pattern: TASK_PATTERN, maxLength: 63 });
export const PROMPT_VERSION_PATTERN = '^[A-Za-z0-9._:-]{1,64}$';
export const PromptVersionSchema = Type.String({ pattern: PROMPT_VERSION_PATTERN, maxLength: 64 });

export const ToolSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    parameters: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100 }),
  },
  { additionalProperties: false },
);

export const ToolCallSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }), name: Type.String({ minLength: 1, maxLength: 64 }), arguments: Type.String({ maxLength: 100_000 }) },
  { additionalProperties: false },
);

export const NativeMessageSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('system'), Type.Literal('user'), Type.Literal('assistant'), Type.Literal('tool')]),
    content: Type.String({ maxLength: CONTENT_LENGTH_MAX }),
    tool_calls: Type.Optional(Type.Array(ToolCallSchema, { maxItems: 128 })),
    tool_call_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const NativeChatBody = Type.Object(
  {
    task: Type.Optional(TaskSchema),
    priority: Type.Optional(PrioritySchema),
    messages: Type.Array(NativeMessageSchema, { minItems: 1, maxItems: 500 }),
    max_output_tokens: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    top_p: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    stop: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 4 })),
    seed: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
    response_format: Type.Optional(
      Type.Object(
        { type: Type.Union([Type.Literal('text'), Type.Literal('json')]), schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
        { additionalProperties: false },
      ),
    ),
    tools: Type.Optional(Type.Array(ToolSchema, { maxItems: 128 })),
    tool_choice: Type.Optional(
      Type.Union([
        Type.Literal('auto'),
        Type.Literal('none'),
        Type.Literal('required'),
        Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      ]),
    ),
    routing: Type.Optional(
      Type.Object(
        {
          strategy: Type.Optional(Type.Union([Type.Literal('cheapest'), Type.Literal('fastest'), Type.Literal('local-only')])),
          model: Type.Optional(Type.String({ minLength: 3, maxLength: 241 })),
          fallback: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    cache: Type.Optional(Type.Boolean()),
    prompt_version: Type.Optional(PromptVersionSchema),
  },
  { additionalProperties: false },
);

export const NativeChatAnswer = Type.Object({
  model: Type.String(),
  text: Type.String(),
  tool_calls: Type.Array(ToolCallSchema),
  finish_reason: Type.String(),
  usage: Type.Object({ input_tokens: Type.Integer(), output_tokens: Type.Integer(), cost_eur: Type.String() }),
  cached: Type.Boolean(),
  /** Only on an answer of the semantic cache. */
  cache_similarity: Type.Optional(Type.Number()),
  attempts: Type.Array(Type.Object({ model: Type.String(), outcome: Type.String() })),
});
