import { withTenant } from '@erp/kit';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AiDb } from '../db/schema.js';
import type { CallContext } from './call-guard.js';

/**
 * Runs `work` in a transaction of the caller's tenant that ends with the call: every statement is cut off by
 * PostgreSQL when the call's time is up, and a call the client gave up on (or that ran out of time) rolls back
 * instead of committing, so it leaves nothing behind.
 */
export async function withCallTransaction<Result>(db: Kysely<AiDb>, context: CallContext, work: (trx: Transaction<AiDb>) => Promise<Result>): Promise<Result> {
  return withTenant(db, context.principal.tenantId, async (trx) => {
    const remainingMs = Math.max(1, Math.floor(context.remainingMs()));
    await sql`select set_config('statement_timeout', ${String(remainingMs)}, true)`.execute(trx);
    const result = await work(trx);
    context.signal.throwIfAborted();
    return result;
  });
}
