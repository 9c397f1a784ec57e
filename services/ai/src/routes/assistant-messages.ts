import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { getPrincipal, isAppError, outgoingHeaders, type ServiceApp } from '@erp/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { emptyRecord, openConversation, recordEvent, type SavedTurn, saveTurn, storedToolCalls, type TurnRecord } from '../assistant/conversation-turn.js';
import { type AssistantEvent, sseFrame } from '../assistant/events.js';
import { detectLanguage } from '../assistant/intent/language.js';
import { type AssistantDeps, chooseMode, runTurn, type TurnInput, type TurnMode } from '../assistant/run-turn.js';
import { ConversationParams, MessageBody } from './assistant-schemas.js';
import { clientSignal } from './caller.js';
import type { RouteContext } from './context.js';
import { languageOf } from './finance-schemas.js';

/** JSON when the client asks for it and not for a stream; server-sent events otherwise. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return /application\/json/i.test(accept) && !/text\/event-stream/i.test(accept);
}

function problemOf(error: unknown, requestId: string) {
  if (isAppError(error)) return { status: error.status, code: error.code, title: error.title, detail: error.detail };
  return { status: 500, code: 'KIT_INTERNAL', title: 'Internal Server Error', detail: `The answer could not be completed. Request id ${requestId}.` };
}

function eventFrame(event: AssistantEvent): string | undefined {
  switch (event.type) {
    case 'text-delta':
      return sseFrame('text-delta', { delta: event.delta });
    case 'tool-call':
      return sseFrame('tool-call', event.toolCall);
    case 'tool-result':
      return sseFrame('tool-result', event.toolResult);
    case 'finish':
      return undefined;
  }
}

interface Turn {
  readonly conversationId: string;
  readonly input: TurnInput;
  readonly mode: TurnMode;
  readonly ids: SavedTurn;
  readonly events: AsyncGenerator<AssistantEvent>;
  /** Stores question and answer once the turn is complete. */
  save(record: TurnRecord): Promise<void>;
}

function doneOf(turn: Turn, record: TurnRecord) {
  return {
    conversation_id: turn.conversationId,
    message_id: turn.ids.assistantMessageId,
    finish: record.finish,
    steps: record.steps,
    model: record.model,
    usage: { input_tokens: record.usage.inputTokens, output_tokens: record.usage.outputTokens },
  };
}

/**
 * The stream of one turn: `start`, then `text-delta`, `tool-call` and `tool-result` as they happen, and `done`
 * once the exchange is stored, or `error` (a problem document) after which nothing is stored.
 */
async function* sseTurn(turn: Turn, log: FastifyRequest['log']): AsyncGenerator<string> {
  const { ids, input } = turn;
  yield sseFrame('start', {
    conversation_id: turn.conversationId,
    message_id: ids.assistantMessageId,
    user_message_id: ids.userMessageId,
    mode: turn.mode,
    language: input.language,
  });
  const record = emptyRecord();
  try {
    for await (const event of turn.events) {
      recordEvent(record, event);
      const frame = eventFrame(event);
      if (frame) yield frame;
    }
    await turn.save(record);
  } catch (error) {
    if (input.signal.aborted) return;
    if (!isAppError(error)) log.error({ err: error }, 'assistant turn failed');
    yield sseFrame('error', problemOf(error, input.requestId));
    return;
  }
  yield sseFrame('done', doneOf(turn, record));
}

async function jsonTurn(turn: Turn) {
  const record = emptyRecord();
  for await (const event of turn.events) recordEvent(record, event);
  await turn.save(record);
  return {
    conversation_id: turn.conversationId,
    user_message_id: turn.ids.userMessageId,
    message: {
      id: turn.ids.assistantMessageId,
      role: 'assistant' as const,
      content: record.text,
      tool_calls: storedToolCalls(record),
      mode: turn.mode,
      model: record.model,
      created_at: new Date(turn.ids.createdAt.getTime() + 1).toISOString(),
    },
    language: turn.input.language,
    finish: record.finish ?? 'answered',
    steps: record.steps,
    usage: { input_tokens: record.usage.inputTokens, output_tokens: record.usage.outputTokens },
    tool_results: record.toolResults,
  };
}

interface Asked {
  readonly conversationId: string;
  readonly content: string;
  readonly language: 'de' | 'en' | undefined;
}

async function beginTurn(
  request: FastifyRequest,
  reply: FastifyReply,
  asked: Asked,
  options: { context: RouteContext; assistant: AssistantDeps },
): Promise<Turn> {
  const principal = getPrincipal(request);
  const owner = { tenantId: principal.tenantId, userId: principal.userId };
  const { conversationId } = asked;
  const history = await openConversation(options.context.db, owner, conversationId);
  const question = asked.content.trim();
  const input: TurnInput = {
    tenantId: principal.tenantId,
    permissions: principal.permissions,
    authorization: String(request.headers.authorization ?? ''),
    traceHeaders: outgoingHeaders(request),
    requestId: String(request.id),
    question,
    language: asked.language ?? detectLanguage(question, languageOf(request, undefined)),
    history,
    signal: clientSignal(reply),
  };
  const mode = await chooseMode(options.assistant.gateway, principal.tenantId);
  const ids = { userMessageId: randomUUID(), assistantMessageId: randomUUID(), createdAt: new Date() };
  const save = (record: TurnRecord) => saveTurn(options.context.db, owner, conversationId, { question, record, mode, ids });
  return { conversationId, input, mode, ids, events: runTurn(options.assistant, input, mode), save };
}

/**
 * `POST /assistant/conversations/:id/messages`: asks the assistant. The answer streams as server-sent events,
 * or comes as one JSON document with `Accept: application/json`. Tools run with the caller's own token.
 */
export async function assistantMessageRoute(app: ServiceApp, options: { context: RouteContext; assistant: AssistantDeps }): Promise<void> {
  app.post(
    '/assistant/conversations/:id/messages',
    { config: { permission: 'ai.assistant:use' }, schema: { params: ConversationParams, body: MessageBody } },
    async (request, reply) => {
      const asked = { conversationId: request.params.id.toLowerCase(), content: request.body.content, language: request.body.language };
      const turn = await beginTurn(request, reply, asked, options);
      if (wantsJson(request)) return jsonTurn(turn);
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(Readable.from(sseTurn(turn, request.log)));
    },
  );
}
