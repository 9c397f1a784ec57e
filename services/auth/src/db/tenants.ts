import type { Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

/** Inserts a tenant; the transaction must already carry `app.tenant_id = id` for row-level security. */
export async function insertTenant(trx: Transaction<AuthDb>, id: string, name: string): Promise<void> {
  await trx.insertInto('tenant').values({ id, name }).execute();
}
