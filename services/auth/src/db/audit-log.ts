import type { Kysely } from 'kysely';
import type { AuthDb } from './schema.js';

/** One audit entry as the service writes it. */
export interface AuditEntry {
  readonly tenantId: string | null;
  readonly actorId: string | null;
  readonly action: string;
  readonly details?: Record<string, unknown>;
  readonly ip: string | null;
}

/** Appends an entry; pass the transaction of the change it records, so both commit or neither does. */
export async function appendAudit(db: Kysely<AuthDb>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ tenant_id: entry.tenantId, actor_id: entry.actorId, action: entry.action, details: JSON.stringify(entry.details ?? {}), ip: entry.ip })
    .execute();
}

export interface AuditRow {
  id: string;
  actor_id: string | null;
  action: string;
  details: Record<string, unknown>;
  ip: string | null;
  at: Date;
}

/** A page of the tenant's entries, newest first, older than `beforeId` when given; run inside `withTenant`. */
export async function listAuditEntries(db: Kysely<AuthDb>, page: { limit: number; beforeId?: string | undefined }): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').select(['id', 'actor_id', 'action', 'details', 'ip', 'at']);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}
