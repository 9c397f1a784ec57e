import { type Kysely, sql } from 'kysely';
import type { AuthDb } from './schema.js';

/** The account of `email` in the tenant (e-mail addresses are unique per tenant ignoring case). */
export async function findUserByEmail(db: Kysely<AuthDb>, tenantId: string, email: string): Promise<{ id: string; status: 'active' | 'disabled' } | undefined> {
  return db
    .selectFrom('app_user')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}
