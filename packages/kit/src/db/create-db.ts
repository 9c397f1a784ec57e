import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { FileMigrationProvider, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import pg from 'pg';
import { KIT_MIGRATIONS } from '../events/kit-migrations.js';
import { provisionExtensions, provisionServiceSchema, runtimeUrl, type ServiceRoles, serviceRoles } from './provision.js';
import { TenantAwarePostgresDialect } from './tenant-transaction.js';

// Return numeric and bigint columns as strings: amounts must never pass through a binary float.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

/** A service's database handle: Kysely for queries, the pool for health, the roles for reference. */
export interface ServiceDb<Schema = unknown> {
  readonly kysely: Kysely<Schema>;
  readonly pool: pg.Pool;
  readonly roles: ServiceRoles;
  close(): Promise<void>;
}

export interface ConnectServiceDbOptions {
  /** Admin connection URL; used only to provision and migrate. */
  adminUrl: string;
  /** The service name, also its schema name. */
  service: string;
  /** Absolute path of the folder with the service's migration files (compiled `.js`). */
  migrationsFolder?: string;
  poolMax?: number;
  /** Database extensions the migrations need (created in `public` by the admin before they run), e.g. `pg_trgm`. */
  extensions?: readonly string[];
}

/**
 * Provisions the service's schema and roles, runs its migrations as the owner role, and returns a pool
 * connected as the runtime role with `search_path` set to the service schema.
 *
 * ### Example
 * ```ts
 * const db = await connectServiceDb<FinanceDb>({ adminUrl: config.databaseUrl, service: 'finance',
 *   migrationsFolder: new URL('./db/migrations', import.meta.url).pathname });
 * ```
 */
export async function connectServiceDb<Schema>(options: ConnectServiceDbOptions): Promise<ServiceDb<Schema>> {
  const roles = serviceRoles(options.service, options.adminUrl);
  await provisionServiceSchema(options.adminUrl, roles);
  await provisionExtensions(options.adminUrl, options.extensions ?? []);
  // Always migrate: the kit's own tables (outbox, inbox) belong in every service schema, with or without a folder.
  const { error, results } = await migrateToLatest(options.adminUrl, roles, options.migrationsFolder);
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} of ${options.service} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pool = new pg.Pool({
    connectionString: runtimeUrl(options.adminUrl, roles),
    max: options.poolMax ?? 10,
    options: `-c search_path=${roles.schema}`,
    application_name: `erp-${options.service}`,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // A client losing its server must not crash the process: idle clients report on the pool, checked-out
  // ones (a relay holding a transaction open while it publishes) on the client itself. The failing query
  // still rejects, and the next checkout reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<Schema>({ dialect: new TenantAwarePostgresDialect({ pool }) });
  const close = async () => {
    await kysely.destroy();
    // Kysely ends the pool only once a query has gone through it; health probes use the pool directly.
    if (!pool.ended) await pool.end();
  };
  return { kysely, pool, roles, close };
}

/**
 * Runs the kit's migrations and those in `folder` as the schema owner; returns Kysely's per-migration results.
 *
 * ### Example
 * ```ts
 * const { error } = await migrateToLatest(adminUrl, serviceRoles('finance', adminUrl), '/srv/finance/dist/db/migrations');
 * ```
 */
export async function migrateToLatest(adminUrl: string, roles: ServiceRoles, folder?: string): Promise<MigrationResultSet> {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1, application_name: `erp-${roles.schema}-migrate` });
  pool.on('connect', (client) => {
    client.query(`set role ${client.escapeIdentifier(roles.owner)}; set search_path to ${client.escapeIdentifier(roles.schema)}`).catch(() => {});
  });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    const migrator = new Migrator({
      db,
      provider: serviceMigrationProvider(folder),
      migrationTableSchema: roles.schema,
      // A kit migration added in a later release sorts before migrations a service has already run; it
      // must still run rather than stop the start as an out-of-order history.
      allowUnorderedMigrations: true,
    });
    return await migrator.migrateToLatest();
  } finally {
    await db.destroy();
  }
}

/** The kit's migrations (named `0000_kit_*`, so they sort first) merged with the service's folder, if it exists. */
function serviceMigrationProvider(folder: string | undefined): MigrationProvider {
  return {
    async getMigrations() {
      const files = folder && existsSync(folder) ? await new FileMigrationProvider({ fs, path, migrationFolder: folder }).getMigrations() : {};
      const clash = Object.keys(files).find((name) => name in KIT_MIGRATIONS);
      if (clash) throw new Error(`Migration ${clash} in ${folder} uses a name reserved for the kit's migrations`);
      return { ...KIT_MIGRATIONS, ...files };
    },
  };
}
