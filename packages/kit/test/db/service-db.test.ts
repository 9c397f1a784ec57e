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
});
