// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { createIdempotencyKey } from '../http/idempotency-migration.js';

// Frozen: these migrations run in every service schema. Never edit one that has shipped; add a new
// `0000_kit_<nnnn>_...` migration instead. The `0000_kit_` prefix sorts them before a service's own
// migrations, so a service migration can already rely on the outbox and inbox tables.

const createOutbox: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      // Insertion order, also inside one transaction where created_at is the same for every row.
      .addColumn('seq', 'bigint', (column) => column.notNull().generatedAlwaysAsIdentity())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('subject', 'text')
      .addColumn('tenant_id', 'uuid')
      .addColumn('traceparent', 'text')
      .addColumn('data', 'jsonb', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('published_at', 'timestamptz')
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('last_error', 'text')
      .execute();
    // The relay reads only unpublished rows; the partial index stays as small as the backlog.
    await db.schema.createIndex('outbox_unpublished_idx').on('outbox').column('seq').where(sql.ref('published_at'), 'is', null).execute();
    await db.schema.createIndex('outbox_published_at_idx').on('outbox').column('published_at').where(sql.ref('published_at'), 'is not', null).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('outbox').execute();
  },
};

const createInbox: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('inbox')
      .addColumn('consumer', 'text', (column) => column.notNull())
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('handled_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('inbox_pk', ['consumer', 'event_id'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('inbox').execute();
  },
};

/**
 * The kit's own migrations, keyed by migration name: the outbox and inbox tables of the event backbone, and
 * the stored responses of `withIdempotency`.
 * `migrateToLatest` runs them together with the service's migration folder.
 *
 * ### Example
 * ```ts
 * const provider = { getMigrations: async () => ({ ...KIT_MIGRATIONS, ...(await files.getMigrations()) }) };
 * ```
 */
export const KIT_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0000_kit_0001_create_outbox': createOutbox,
  '0000_kit_0002_create_inbox': createInbox,
  '0000_kit_0003_create_idempotency_key': createIdempotencyKey,
});
