import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { type AuditEntry, appendAudit } from './audit-log.js';
import type { AuthDb } from './schema.js';

/** Appends an entry in its own transaction, under the entry's tenant when it has one (row-level security). */
export async function audit(db: Kysely<AuthDb>, entry: AuditEntry): Promise<void> {
  if (entry.tenantId) await withTenant(db, entry.tenantId, (trx) => appendAudit(trx, entry));
  else await appendAudit(db, entry);
}
