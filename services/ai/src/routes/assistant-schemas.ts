import Type from 'typebox';

/** A question is a chat message, not a document: longer texts belong in an upload, not the assistant. */
export const QUESTION_LENGTH_MAX = 4000;

const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Nullable = <Schema extends Parameters<typeof Type.Union>[0][number]>(schema: Schema) => Type.Union([schema, Type.Null()]);

export const ConversationParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const CreateConversationBody = Type.Object(
  { title: Type.Optional(Type.String({ maxLength: 200, description: 'Set from the first question when absent.' })) },
  { additionalProperties: false },
);

export const ListConversationsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);

export const MessageBody = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: QUESTION_LENGTH_MAX, pattern: '\\S', description: 'The question, in German or English.' }),
    language: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')], { description: "The answer's language; else the question's." })),
  },
  { additionalProperties: false },
);

export const ConversationView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  message_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const ConversationList = Type.Object({ items: Type.Array(ConversationView), next_cursor: Nullable(Type.String()) });

export const StoredToolCall = Type.Object({
  id: Type.String(),
  name: Type.String(),
  arguments: Type.String(),
  ok: Type.Boolean(),
  status: Nullable(Type.Integer()),
  code: Nullable(Type.String()),
  summary: Type.String(),
});

export const MessageView = Type.Object({
  id: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
  tool_calls: Type.Array(StoredToolCall),
  mode: Nullable(Type.Union([Type.Literal('llm'), Type.Literal('rules')])),
  model: Nullable(Type.String()),
  created_at: Type.String(),
});

export const ConversationDetail = Type.Object({ ...ConversationView.properties, messages: Type.Array(MessageView) });
