import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectServiceDb, migrateToLatest, serviceRoles } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
});
afterAll(async () => {
  await database.drop();
});

/** A migration folder with one `.mjs` file per name, each creating a table of that name. */
async function migrationFolder(names: string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'erp-kit-migrations-'));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  for (const name of names) {
    const table = name.replace(/^[0-9_]+/, '');
    await writeFile(
      join(folder, `${name}.mjs`),
      `export async function up(db) { await db.schema.createTable('${table}').addColumn('id', 'integer').execute(); }\n`,
    );
  }
  return folder;
}

async function executedMigrations(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(`select name from ${client.escapeIdentifier(schema)}.kysely_migration order by timestamp, name`);
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('kit migrations', () => {
  it("should run before the service's own migrations", async () => {
    const folder = await migrationFolder(['2026_01_15_0900_widget']);

    const db = await connectServiceDb({ adminUrl: database.adminUrl, service: 'kit_mig_order', migrationsFolder: folder });
    await db.close();

    expect(await executedMigrations('kit_mig_order')).toEqual([
      '0000_kit_0001_create_outbox',
      '0000_kit_0002_create_inbox',
      '0000_kit_0003_create_idempotency_key',
      '2026_01_15_0900_widget',
    ]);
  });

  it('should create the outbox and inbox for a service without a migration folder', async () => {
    const db = await connectServiceDb({ adminUrl: database.adminUrl, service: 'kit_mig_bare', migrationsFolder: join(tmpdir(), 'no-such-folder') });
    onTestFinished(() => db.close());

    const { rows } = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = 'kit_mig_bare' and table_name in ('outbox', 'inbox') order by 1`.execute(
      db.kysely,
    );

    expect(rows.map((row) => row.name)).toEqual(['inbox', 'outbox']);
  });

  it('should let the runtime role write the outbox and inbox but not alter them', async () => {
    const db = await connectServiceDb({ adminUrl: database.adminUrl, service: 'kit_mig_rights' });
    onTestFinished(() => db.close());

    await sql`insert into inbox (consumer, event_id) values ('reporting', 'e-1')`.execute(db.kysely);
    await sql`delete from outbox`.execute(db.kysely);
    const alter = sql`alter table outbox add column sneaky integer`.execute(db.kysely);

    await expect(alter).rejects.toThrow(/must be owner/);
  });

  it('should still run a migration that sorts before migrations already run', async () => {
    const roles = serviceRoles('kit_mig_late', database.adminUrl);
    await connectServiceDb({ adminUrl: database.adminUrl, service: 'kit_mig_late', migrationsFolder: await migrationFolder(['0002_second']) }).then((db) =>
      db.close(),
    );

    const result = await migrateToLatest(database.adminUrl, roles, await migrationFolder(['0001_first', '0002_second']));

    expect(result.error).toBeUndefined();
    expect(await executedMigrations('kit_mig_late')).toEqual([
      '0000_kit_0001_create_outbox',
      '0000_kit_0002_create_inbox',
      '0000_kit_0003_create_idempotency_key',
      '0002_second',
      '0001_first',
    ]);
  });

  it("should refuse a service migration named like one of the kit's", async () => {
    const roles = serviceRoles('kit_mig_clash', database.adminUrl);

    const result = await migrateToLatest(database.adminUrl, roles, await migrationFolder(['0000_kit_0001_create_outbox']));

    expect(String(result.error)).toMatch(/reserved for the kit's migrations/);
  });
});
