import { type Kysely, sql, type Transaction } from 'kysely';
import { type TenantScope, tenantScope } from './tenant-transaction.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction with `app.tenant_id` set locally, so row-level security policies written as
 * `tenant_id = current_setting('app.tenant_id')::uuid` see only this tenant's rows.
 *
 * ### Example
 * ```ts
 * const customers = await withTenant(db, request.tenantId, (trx) => trx.selectFrom('customer').selectAll().execute());
 * ```
 */
export async function withTenant<Schema, Result>(db: Kysely<Schema>, tenantId: string, work: (trx: Transaction<Schema>) => Promise<Result>): Promise<Result> {
  if (!UUID.test(tenantId)) throw new Error('tenantId must be a UUID');
  // A service database (TenantAwarePostgresDialect) sets the tenant with its BEGIN; any other Kysely gets it here.
  const scope: TenantScope = { tenantId, applied: false };
  return tenantScope.run(scope, () =>
    db.transaction().execute(async (trx) => {
      if (!scope.applied) await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
      // The scope covers the BEGIN only: transactions that `work` begins on other connections are their own.
      return tenantScope.exit(() => work(trx));
    }),
  );
}
