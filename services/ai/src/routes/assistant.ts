import { randomUUID } from 'node:crypto';
import { BadRequestError, getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import type { AssistantDeps } from '../assistant/run-turn.js';
import {
  type ConversationPosition,
  type ConversationRow,
  deleteConversation,
  findConversation,
  insertConversation,
  listConversations,
  listMessages,
  type MessageRow,
} from '../db/assistant-conversations.js';
import { ConversationNotFoundError } from '../errors.js';
import { assistantMessageRoute } from './assistant-messages.js';
import {
  ConversationDetail,
  ConversationList,
  ConversationParams,
  ConversationView,
  CreateConversationBody,
  ListConversationsQuery,
} from './assistant-schemas.js';
import type { RouteContext } from './context.js';

export function conversationToView(row: ConversationRow) {
  return { id: row.id, title: row.title, message_count: row.message_count, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

export function messageToView(row: MessageRow) {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    tool_calls: row.tool_calls as never[],
    mode: row.mode,
    model: row.model,
    created_at: row.created_at.toISOString(),
  };
}

/** The caller as the owner of conversations: one user of one tenant. */
export function ownerOf(request: FastifyRequest) {
  const { tenantId, userId } = getPrincipal(request);
  return { tenantId, userId };
}

const toCursor = (row: ConversationRow) => Buffer.from(JSON.stringify([row.updated_at.toISOString(), row.id])).toString('base64url');

function fromCursor(cursor: string): ConversationPosition {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { updatedAt, id };
  } catch {
    // Falls through to the refusal below.
  }
  throw new BadRequestError('The cursor is not one this service gave out; start again without it.');
}

/**
 * `/assistant/conversations`: the caller's own conversations with the assistant (another user of the same
 * tenant sees none of them), and their messages, which ask and answer (see assistant-messages.ts).
 */
export async function assistantRoutes(app: ServiceApp, options: { context: RouteContext; assistant: AssistantDeps }): Promise<void> {
  const { db } = options.context;
  const config = { permission: 'ai.assistant:use' as const };

  app.post('/assistant/conversations', { config, schema: { body: CreateConversationBody, response: { 201: ConversationView } } }, async (request, reply) => {
    const owner = ownerOf(request);
    const now = new Date();
    const row = await withTenant(db, owner.tenantId, (trx) =>
      insertConversation(trx, {
        tenant_id: owner.tenantId,
        id: randomUUID(),
        user_id: owner.userId,
        title: request.body.title?.trim() ?? '',
        created_at: now,
        updated_at: now,
      }),
    );
    return reply.code(201).header('location', `/api/v1/ai/assistant/conversations/${row.id}`).send(conversationToView(row));
  });

  app.get('/assistant/conversations', { config, schema: { querystring: ListConversationsQuery, response: { 200: ConversationList } } }, async (request) => {
    const owner = ownerOf(request);
    const { limit, cursor } = request.query;
    const after = cursor ? fromCursor(cursor) : undefined;
    const rows = await withTenant(db, owner.tenantId, (trx) => listConversations(trx, owner, { limit: limit + 1, after }));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(conversationToView), next_cursor: rows.length > limit && last ? toCursor(last) : null };
  });

  app.get('/assistant/conversations/:id', { config, schema: { params: ConversationParams, response: { 200: ConversationDetail } } }, async (request) => {
    const owner = ownerOf(request);
    const id = request.params.id.toLowerCase();
    const found = await withTenant(db, owner.tenantId, async (trx) => {
      const conversation = await findConversation(trx, owner, id);
      return conversation ? { conversation, messages: await listMessages(trx, owner.tenantId, id) } : undefined;
    });
    if (!found) throw new ConversationNotFoundError(id);
    return { ...conversationToView(found.conversation), messages: found.messages.map(messageToView) };
  });

  app.delete('/assistant/conversations/:id', { config, schema: { params: ConversationParams } }, async (request, reply) => {
    const owner = ownerOf(request);
    const id = request.params.id.toLowerCase();
    const deleted = await withTenant(db, owner.tenantId, (trx) => deleteConversation(trx, owner, id));
    if (!deleted) throw new ConversationNotFoundError(id);
    return reply.code(204).send();
  });

  await assistantMessageRoute(app, options);
}
