import { runtimeUrl, serviceRoles } from '@erp/kit';
import pg from 'pg';
import type { TestFinance } from './helpers.js';

/** Who runs plain SQL around the service: the superuser of the test server, the schema owner, or the service's runtime role. */
export type SqlRole = 'admin' | 'owner' | 'runtime';

/**
 * Opens a connection as `role` with `search_path` on the finance schema (and `app.tenant_id` set when given),
 * runs `work`, and closes it. The owner is reached through `SET ROLE`, as the kit's migrations do.
 */
export async function withSql<T>(finance: TestFinance, role: SqlRole, work: (client: pg.Client) => Promise<T>, tenantId?: string): Promise<T> {
  const roles = serviceRoles('finance', finance.database.adminUrl);
  const client = new pg.Client({ connectionString: role === 'runtime' ? runtimeUrl(finance.database.adminUrl, roles) : finance.database.adminUrl });
  await client.connect();
  try {
    if (role === 'owner') await client.query(`set role ${client.escapeIdentifier(roles.owner)}`);
    await client.query('set search_path to finance');
    if (tenantId) await client.query(`select set_config('app.tenant_id', $1, false)`, [tenantId]);
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement as `role` and returns its rows. */
export async function sqlRows<Row = Record<string, unknown>>(
  finance: TestFinance,
  role: SqlRole,
  text: string,
  params: unknown[] = [],
  tenantId?: string,
): Promise<Row[]> {
  return withSql(finance, role, async (client) => (await client.query(text, params)).rows as Row[], tenantId);
}

/** The error a statement fails with, as its message; throws when it succeeds. */
export async function sqlError(
  finance: TestFinance,
  role: SqlRole,
  statements: string | string[],
  tenantId?: string,
): Promise<{ code: string; message: string }> {
  try {
    await withSql(
      finance,
      role,
      async (client) => {
        for (const statement of Array.isArray(statements) ? statements : [statements]) await client.query(statement);
      },
      tenantId,
    );
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code: code ?? '', message };
  }
  throw new Error(`expected ${String(statements)} to fail`);
}

/** How many rows of `table` the tenant has (read as the superuser, past row-level security). */
export async function countRows(finance: TestFinance, table: string, tenantId: string): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(finance, 'admin', `select count(*)::int as count from ${table} where tenant_id = $1`, [tenantId]);
  return row?.count ?? 0;
}
