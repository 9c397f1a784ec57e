import type { Kysely, Transaction } from 'kysely';
import type { FinanceDb } from './schema.js';

/** One audit entry as the service writes it, in the transaction of the change it records. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly actorId: string;
  readonly action: string;
  readonly subject: string;
  readonly details?: Record<string, unknown>;
}

export async function appendAudit(trx: Transaction<FinanceDb>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({ tenant_id: entry.tenantId, actor_id: entry.actorId, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export interface AuditRow {
  id: string;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** A page of the tenant's audit entries, newest first, older than `beforeId` when given. */
export async function listAudit(db: Kysely<FinanceDb>, tenantId: string, page: { limit: number; beforeId?: string | undefined }): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').select(['id', 'actor_id', 'action', 'subject', 'details', 'at']).where('tenant_id', '=', tenantId);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}
