import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AiDb, AssistantConversationTable, AssistantMessageTable } from './schema.js';

export type ConversationRow = Selectable<AssistantConversationTable>;
export type MessageRow = Selectable<AssistantMessageTable>;

/** Where a page of conversations ends: the last one's `updated_at` and id (newest first). */
export interface ConversationPosition {
  readonly updatedAt: string;
  readonly id: string;
}

/** Every query names the user as well as the tenant: a conversation is its user's alone. */
export interface ConversationOwner {
  readonly tenantId: string;
  readonly userId: string;
}

export async function insertConversation(trx: Transaction<AiDb>, row: Insertable<AssistantConversationTable>): Promise<ConversationRow> {
  return trx.insertInto('assistant_conversation').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listConversations(
  trx: Transaction<AiDb>,
  owner: ConversationOwner,
  page: { limit: number; after: ConversationPosition | undefined },
): Promise<ConversationRow[]> {
  let query = trx
    .selectFrom('assistant_conversation')
    .selectAll()
    .where('tenant_id', '=', owner.tenantId)
    .where('user_id', '=', owner.userId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  const after = page.after;
  if (after) {
    const updatedAt = new Date(after.updatedAt);
    query = query.where((eb) => eb.or([eb('updated_at', '<', updatedAt), eb.and([eb('updated_at', '=', updatedAt), eb('id', '<', after.id)])]));
  }
  return query.execute();
}

export async function findConversation(trx: Transaction<AiDb>, owner: ConversationOwner, id: string): Promise<ConversationRow | undefined> {
  return trx
    .selectFrom('assistant_conversation')
    .selectAll()
    .where('tenant_id', '=', owner.tenantId)
    .where('user_id', '=', owner.userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The conversation, locked so that two turns of it never take the same message numbers. */
export async function lockConversation(trx: Transaction<AiDb>, owner: ConversationOwner, id: string): Promise<ConversationRow | undefined> {
  return trx
    .selectFrom('assistant_conversation')
    .selectAll()
    .where('tenant_id', '=', owner.tenantId)
    .where('user_id', '=', owner.userId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The conversation's messages in order; with `last`, only its last ones. */
export async function listMessages(trx: Transaction<AiDb>, tenantId: string, conversationId: string, last?: number): Promise<MessageRow[]> {
  let query = trx
    .selectFrom('assistant_message')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('seq', 'desc');
  if (last !== undefined) query = query.limit(last);
  return (await query.execute()).reverse();
}

export type NewMessage = Omit<Insertable<AssistantMessageTable>, 'tenant_id' | 'conversation_id' | 'seq'>;

/** Appends messages after the conversation's last one and moves its `updated_at`; the caller holds its lock. */
export async function appendMessages(
  trx: Transaction<AiDb>,
  conversation: ConversationRow,
  messages: readonly NewMessage[],
  update: { title: string; now: Date },
): Promise<void> {
  const rows = messages.map((message, index) => ({
    ...message,
    tenant_id: conversation.tenant_id,
    conversation_id: conversation.id,
    seq: conversation.message_count + index + 1,
  }));
  await trx.insertInto('assistant_message').values(rows).execute();
  await trx
    .updateTable('assistant_conversation')
    .set({ message_count: conversation.message_count + rows.length, updated_at: update.now, title: update.title })
    .where('tenant_id', '=', conversation.tenant_id)
    .where('id', '=', conversation.id)
    .execute();
}

export async function deleteConversation(trx: Transaction<AiDb>, owner: ConversationOwner, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('assistant_conversation')
    .where('tenant_id', '=', owner.tenantId)
    .where('user_id', '=', owner.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
