import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { appendMessages, type ConversationOwner, findConversation, listMessages, lockConversation } from '../db/assistant-conversations.js';
import type { AiDb } from '../db/schema.js';
import { ConversationFullError, ConversationNotFoundError } from '../errors.js';
import type { AssistantEvent, AssistantToolCall, AssistantToolResult, TurnFinish, TurnUsage } from './events.js';
import type { TurnMode } from './run-turn.js';

/** A conversation holds this many messages (questions and answers); then a new one is started. */
export const CONVERSATION_MESSAGES_MAX = 200;
/** Earlier messages the model sees of its conversation. */
const HISTORY_MESSAGES = 20;
const TITLE_LENGTH = 80;

/** What a turn produced, gathered from its events. */
export interface TurnRecord {
  text: string;
  readonly toolCalls: AssistantToolCall[];
  readonly toolResults: AssistantToolResult[];
  finish: TurnFinish | undefined;
  usage: TurnUsage;
  model: string | null;
  steps: number;
}

export function emptyRecord(): TurnRecord {
  return { text: '', toolCalls: [], toolResults: [], finish: undefined, usage: { inputTokens: 0, outputTokens: 0 }, model: null, steps: 0 };
}

export function recordEvent(record: TurnRecord, event: AssistantEvent): void {
  switch (event.type) {
    case 'text-delta':
      record.text += event.delta;
      break;
    case 'tool-call':
      record.toolCalls.push(event.toolCall);
      break;
    case 'tool-result':
      record.toolResults.push(event.toolResult);
      break;
    case 'finish':
      record.finish = event.finish;
      record.usage = event.usage;
      record.model = event.model;
      record.steps = event.steps;
  }
}

/** The tool calls as the history keeps them: what was called, and what came of it in one line (no data). */
export function storedToolCalls(record: TurnRecord) {
  return record.toolCalls.map((call) => {
    const result = record.toolResults.find((candidate) => candidate.id === call.id);
    return {
      id: call.id,
      name: call.name,
      arguments: call.arguments,
      ok: result?.ok ?? false,
      status: result?.status ?? null,
      code: result?.code ?? null,
      summary: result?.summary ?? '',
    };
  });
}

/** The conversation's last messages, for the model; refuses a conversation that is not the caller's or is full. */
export async function openConversation(db: Kysely<AiDb>, owner: ConversationOwner, id: string) {
  return withTenant(db, owner.tenantId, async (trx) => {
    const conversation = await findConversation(trx, owner, id);
    if (!conversation) throw new ConversationNotFoundError(id);
    if (conversation.message_count + 2 > CONVERSATION_MESSAGES_MAX) throw new ConversationFullError(CONVERSATION_MESSAGES_MAX);
    const history = await listMessages(trx, owner.tenantId, id, HISTORY_MESSAGES);
    return history.map((message) => ({ role: message.role, content: message.content }));
  });
}

export interface SavedTurn {
  readonly userMessageId: string;
  readonly assistantMessageId: string;
  readonly createdAt: Date;
}

/** Stores the question and the answer together, once the turn is complete: a broken turn leaves nothing. */
export async function saveTurn(
  db: Kysely<AiDb>,
  owner: ConversationOwner,
  conversationId: string,
  turn: { question: string; record: TurnRecord; mode: TurnMode; ids: SavedTurn },
): Promise<void> {
  await withTenant(db, owner.tenantId, async (trx) => {
    const conversation = await lockConversation(trx, owner, conversationId);
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    if (conversation.message_count + 2 > CONVERSATION_MESSAGES_MAX) throw new ConversationFullError(CONVERSATION_MESSAGES_MAX);
    const { ids, record } = turn;
    const title = conversation.title || turn.question.replace(/\s+/gu, ' ').trim().slice(0, TITLE_LENGTH);
    const answeredAt = new Date(ids.createdAt.getTime() + 1);
    await appendMessages(
      trx,
      conversation,
      [
        { id: ids.userMessageId, role: 'user', content: turn.question, tool_calls: '[]', mode: null, model: null, created_at: ids.createdAt },
        {
          id: ids.assistantMessageId,
          role: 'assistant',
          content: record.text,
          tool_calls: JSON.stringify(storedToolCalls(record)),
          mode: turn.mode,
          model: record.model,
          created_at: answeredAt,
        },
      ],
      { title, now: answeredAt },
    );
  });
}
