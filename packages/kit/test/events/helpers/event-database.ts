import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectServiceDb, type EventHandler, type EventLogger, runtimeUrl, type ServiceDb, writeEvent } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';

export const SERVICE = 'events_test';
export const SOURCE = '/erp/events-test';

/** Logs nothing: the failures these tests provoke on purpose would only drown the report. */
export const silentLogger: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A test database with a service schema: the kit's outbox and inbox plus an `effect` table handlers write to. */
export interface EventDatabase {
  readonly adminUrl: string;
  readonly db: ServiceDb;
  /** A second connection pool of the runtime role, tagged with `applicationName` so a test can kill its sessions. */
  connectTagged(applicationName: string): Kysely<unknown>;
  close(): Promise<void>;
}

// The effect table as a service migration file: it also proves the kit merges a service's folder with its own.
const EFFECT_MIGRATION = `export async function up(db) {
  await db.schema.createTable('effect')
    .addColumn('event_id', 'text', (column) => column.primaryKey())
    .addColumn('applied', 'integer', (column) => column.notNull())
    .execute();
}
`;

export async function createEventDatabase(): Promise<EventDatabase> {
  const database: TestDatabase = await createTestDatabase(inject('adminUrl'));
  const folder = await mkdtemp(join(tmpdir(), 'erp-events-migrations-'));
  await writeFile(join(folder, '0001_create_effect.mjs'), EFFECT_MIGRATION);
  const db = await connectServiceDb({ adminUrl: database.adminUrl, service: SERVICE, migrationsFolder: folder });
  await rm(folder, { recursive: true, force: true });
  const tagged: Kysely<unknown>[] = [];
  return {
    adminUrl: database.adminUrl,
    db,
    connectTagged(applicationName) {
      const pool = new pg.Pool({
        connectionString: runtimeUrl(database.adminUrl, db.roles),
        options: `-c search_path=${SERVICE}`,
        application_name: applicationName,
      });
      // A killed session must fail the relay's next query, not crash the test process.
      pool.on('error', () => {});
      pool.on('connect', (client) => client.on('error', () => {}));
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      tagged.push(kysely);
      return kysely;
    },
    async close() {
      await Promise.all(tagged.map((kysely) => kysely.destroy()));
      await db.close();
      await database.drop();
    },
  };
}

/** Terminates every session of `applicationName`, as if its process had died. */
export async function killSessions(adminUrl: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // With a timeout, pg_terminate_backend waits until the session has exited, so its locks are gone on return: a
    // relay started right after would otherwise skip the row the dying session still holds (SKIP LOCKED).
    const { rowCount } = await client.query('select pg_terminate_backend(pid, 10000) from pg_stat_activity where application_name = $1', [applicationName]);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** An event type of its own for each test, so queues of other tests never see its events. */
export function uniqueEventType(): string {
  return `erp.test.t${randomBytes(4).toString('hex')}.happened.v1`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Writes one event in its own committed transaction; returns its id. */
export function writeCommitted(db: Kysely<unknown>, type: string, data: unknown = { n: 1 }): Promise<string> {
  return db.transaction().execute((trx) => writeEvent(trx, { type, data }, { source: SOURCE }));
}

/** The handler every delivery test uses: it counts applications of each event in the same transaction. */
export const countEffect: EventHandler<unknown> = async (event, trx) => {
  await sql`insert into effect (event_id, applied) values (${event.id}, 1)
            on conflict (event_id) do update set applied = effect.applied + 1`.execute(trx);
};

/** How often each event was applied, by event id. */
export async function appliedCounts(db: Kysely<unknown>): Promise<Map<string, number>> {
  const { rows } = await sql<{ event_id: string; applied: number }>`select event_id, applied from effect`.execute(db);
  return new Map(rows.map((row) => [row.event_id, row.applied]));
}

export async function unpublishedCount(db: Kysely<unknown>): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from outbox where published_at is null`.execute(db);
  return Number(rows[0]?.count);
}

/** Polls `condition` until it holds; fails with `description` after `timeoutMs`. */
export async function waitFor(description: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(50);
  }
}
