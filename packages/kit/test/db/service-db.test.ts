import { fileURLToPath } from 'node:url';
import { connectServiceDb, type ServiceDb, withTenant } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';

const migrationsFolder = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));

interface NotesDb {
  note: { tenant_id: string; body: string };
}

let database: TestDatabase;
let alpha: ServiceDb<NotesDb>;
let beta: ServiceDb<NotesDb>;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  alpha = await connectServiceDb<NotesDb>({ adminUrl: database.adminUrl, service: 'alpha', migrationsFolder });
  beta = await connectServiceDb<NotesDb>({ adminUrl: database.adminUrl, service: 'beta', migrationsFolder });
});
afterAll(async () => {
  await alpha?.close();
  await beta?.close();
  await database?.drop();
});

describe('connectServiceDb', () => {
  it('should connect as the runtime role with the service schema on the search path', async () => {
    const { rows } = await alpha.pool.query<{ user: string; schema: string }>('select current_user as user, current_schema() as schema');

    expect(rows[0]).toEqual({ user: 'erp_alpha', schema: 'alpha' });
  });

  it('should be idempotent when run again against the same database', async () => {
    const again = await connectServiceDb({ adminUrl: database.adminUrl, service: 'alpha', migrationsFolder });

    const { rows } = await again.pool.query('select 1 as one');

    expect(rows).toEqual([{ one: 1 }]);
    await again.close();
    // Only the pool was used, never Kysely: close must end the pool all the same.
    expect(again.pool.ended).toBe(true);
  });

  it("should refuse the runtime role any access to another service's schema", async () => {
    const attempt = alpha.pool.query('select * from beta.note');

    await expect(attempt).rejects.toMatchObject({ code: '42501' });
  });

  it('should refuse the runtime role creating or altering tables', async () => {
    await expect(alpha.pool.query('create table alpha.sneaky (id int)')).rejects.toMatchObject({ code: '42501' });
    await expect(alpha.pool.query('alter table alpha.note add column x int')).rejects.toMatchObject({ code: '42501' });
  });

  it('should run migrations as the owner role', async () => {
    const admin = new pg.Client({ connectionString: database.adminUrl });
    await admin.connect();

    const { rows } = await admin.query("select tableowner from pg_tables where schemaname = 'alpha' and tablename = 'note'");

    expect(rows[0]?.tableowner).toBe('erp_alpha_owner');
    await admin.end();
  });
});

describe('withTenant', () => {
  it("should show each tenant only its own rows and refuse writing another tenant's", async () => {
    await withTenant(alpha.kysely, TENANT_A, (trx) => trx.insertInto('note').values({ tenant_id: TENANT_A, body: 'a' }).execute());
    await withTenant(alpha.kysely, TENANT_B, (trx) => trx.insertInto('note').values({ tenant_id: TENANT_B, body: 'b' }).execute());

    const seenByA = await withTenant(alpha.kysely, TENANT_A, (trx) => trx.selectFrom('note').select('body').execute());
    const forged = withTenant(alpha.kysely, TENANT_A, (trx) => trx.insertInto('note').values({ tenant_id: TENANT_B, body: 'forged' }).execute());

    expect(seenByA).toEqual([{ body: 'a' }]);
    await expect(forged).rejects.toMatchObject({ code: '42501' });
  });

  it('should see no rows at all without a tenant', async () => {
    const rows = await sql`select * from note`.execute(alpha.kysely);

    expect(rows.rows).toEqual([]);
  });

  it('should refuse a tenant id that is not a UUID', async () => {
    await expect(withTenant(alpha.kysely, "x' or '1'='1", async () => 1)).rejects.toThrow(/UUID/);
  });

  it('should set the tenant with the BEGIN, in one round trip, and keep it to that transaction', async () => {
    const sent: string[] = [];
    const record = (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
        return query(...args);
      };
    };
    alpha.pool.on('acquire', record);
    try {
      const seen = await withTenant(alpha.kysely, TENANT_A, async (trx) => {
        const inside = await sql<{ tenant: string }>`select current_setting('app.tenant_id', true) as tenant`.execute(trx);
        // A transaction that work begins itself, on another connection, is not the tenant's.
        const other = await alpha.kysely
          .transaction()
          .execute((plain) => sql<{ tenant: string | null }>`select nullif(current_setting('app.tenant_id', true), '') as tenant`.execute(plain));
        return { inside: inside.rows[0]?.tenant, other: other.rows[0]?.tenant };
      });
      const after = await sql<{ tenant: string | null }>`select nullif(current_setting('app.tenant_id', true), '') as tenant`.execute(alpha.kysely);

      expect(seen).toEqual({ inside: TENANT_A, other: null });
      expect(after.rows[0]?.tenant).toBeNull();
      expect(sent.slice(0, 2)).toEqual([
        `begin; select set_config('app.tenant_id', '${TENANT_A}', true)`,
        "select current_setting('app.tenant_id', true) as tenant",
      ]);
      expect(sent.filter((text) => text.includes('set_config'))).toHaveLength(1);
    } finally {
      alpha.pool.off('acquire', record);
    }
  });

  it('should set the tenant on a Kysely of its own as well, with a statement of its own', async () => {
    const pool = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
    const { Kysely, PostgresDialect } = await import('kysely');
    const plain = new Kysely<NotesDb>({ dialect: new PostgresDialect({ pool }) });
    try {
      const tenant = await withTenant(
        plain,
        TENANT_B,
        async (trx) => (await sql<{ tenant: string }>`select current_setting('app.tenant_id') as tenant`.execute(trx)).rows[0]?.tenant,
      );

      expect(tenant).toBe(TENANT_B);
    } finally {
      await plain.destroy();
    }
  });
});
