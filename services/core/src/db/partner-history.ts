import type { Kysely, Transaction } from 'kysely';
import type { FieldChange } from '../domain/partner-patch.js';
import type { CoreDb, HistoryAction, HistoryVia } from './schema.js';

/** One entry of a partner's change history, as the API shows it. */
export interface HistoryEntry {
  id: string;
  at: string;
  /** The user (token subject) who made the change. */
  actor_id: string | null;
  action: HistoryAction;
  via: HistoryVia;
  changes: FieldChange[];
}

export interface NewHistoryEntry {
  partnerId: string;
  actorId: string | null;
  action: HistoryAction;
  via: HistoryVia;
  changes: FieldChange[];
}

export async function appendHistory(trx: Transaction<CoreDb>, tenantId: string, entry: NewHistoryEntry): Promise<void> {
  await trx
    .insertInto('partner_history')
    .values({
      tenant_id: tenantId,
      partner_id: entry.partnerId,
      actor_id: entry.actorId,
      action: entry.action,
      via: entry.via,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

/** A page of the partner's history, newest first; `beforeId` continues after the previous page. */
export async function listHistory(
  db: Kysely<CoreDb>,
  tenantId: string,
  partnerId: string,
  page: { limit: number; beforeId?: string | undefined },
): Promise<{ entries: HistoryEntry[]; nextBeforeId?: string }> {
  let query = db.selectFrom('partner_history').selectAll().where('tenant_id', '=', tenantId).where('partner_id', '=', partnerId);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor_id: row.actor_id,
    action: row.action,
    via: row.via,
    changes: row.changes,
  }));
  const last = entries.at(-1);
  return rows.length > page.limit && last ? { entries, nextBeforeId: last.id } : { entries };
}

/** Every history entry of the partner, oldest first. */
export async function allHistory(db: Kysely<CoreDb>, tenantId: string, partnerId: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let beforeId: string | undefined;
  for (;;) {
    const page = await listHistory(db, tenantId, partnerId, { limit: 500, beforeId });
    entries.push(...page.entries);
    if (!page.nextBeforeId) return entries.reverse();
    beforeId = page.nextBeforeId;
  }
}

/** Replaces the recorded changes of one entry (GDPR erasure only: the entry itself stays). */
export async function rewriteHistoryChanges(trx: Transaction<CoreDb>, tenantId: string, id: string, changes: FieldChange[]): Promise<void> {
  await trx
    .updateTable('partner_history')
    .set({ changes: JSON.stringify(changes) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
