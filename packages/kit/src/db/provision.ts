import { createHmac } from 'node:crypto';
import pg from 'pg';

/** The database roles of one service: the owner runs migrations, the runtime role serves requests. */
export interface ServiceRoles {
  readonly schema: string;
  readonly owner: string;
  readonly runtime: string;
  readonly runtimePassword: string;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,40}$/;

/**
 * Names the roles of `service`. Role names are cluster-wide, so they carry an `erp_` prefix; the runtime
 * password is derived from the admin credentials, so every process of the system computes the same one
 * without storing it.
 */
export function serviceRoles(service: string, adminUrl: string): ServiceRoles {
  if (!IDENTIFIER.test(service)) throw new Error(`Service name "${service}" is not a valid schema name`);
  const secret = new URL(adminUrl).password || 'erp-no-admin-password';
  const runtimePassword = createHmac('sha256', secret).update(`erp_${service}`).digest('base64url');
  return { schema: service, owner: `erp_${service}_owner`, runtime: `erp_${service}`, runtimePassword };
}

/** The connection URL of the runtime role, built from the admin URL. */
export function runtimeUrl(adminUrl: string, roles: ServiceRoles): string {
  const url = new URL(adminUrl);
  url.username = roles.runtime;
  url.password = roles.runtimePassword;
  return url.toString();
}

// Codes PostgreSQL answers when two sessions create the same role, schema or table at the same moment.
const RACE_CODES = new Set(['42710', '23505', '42P06', '42P07', 'XX000', '40001', '40P01']);

/**
 * Runs an idempotent provisioning step again when it lost a race with another process doing the same
 * (every service provisions at start, often at the same moment); any other error is thrown at once.
 */
export async function retryProvisioningRace(work: () => Promise<void>, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await work();
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RACE_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Creates the schema and roles of a service if missing, idempotently and safely in parallel:
 * the owner role (no login) owns the schema; the runtime role may log in, use the schema and read and
 * write rows (through default privileges), but owns nothing and cannot create or alter tables. No role
 * gets any right on another service's schema, so isolation is enforced by the database.
 */
export async function provisionServiceSchema(adminUrl: string, roles: ServiceRoles): Promise<void> {
  await retryProvisioningRace(() => provisionOnce(adminUrl, roles));
}

async function provisionOnce(adminUrl: string, roles: ServiceRoles): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const id = (name: string) => client.escapeIdentifier(name);
    const { rows } = await client.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [[roles.owner, roles.runtime]]);
    const existing = new Set(rows.map((row) => row.rolname));
    if (!existing.has(roles.owner)) await client.query(`create role ${id(roles.owner)} nologin`);
    if (!existing.has(roles.runtime)) await client.query(`create role ${id(roles.runtime)} login`);
    await client.query(`alter role ${id(roles.runtime)} password ${client.escapeLiteral(roles.runtimePassword)}`);
    // The admin must be able to SET ROLE to the owner to run migrations; a superuser already can.
    const { rows: me } = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (!me[0]?.rolsuper) await client.query(`grant ${id(roles.owner)} to current_user`);
    await client.query(`create schema if not exists ${id(roles.schema)} authorization ${id(roles.owner)}`);
    await client.query(`grant usage on schema ${id(roles.schema)} to ${id(roles.runtime)}`);
    const defaults = `alter default privileges for role ${id(roles.owner)} in schema ${id(roles.schema)}`;
    await client.query(`${defaults} grant select, insert, update, delete on tables to ${id(roles.runtime)}`);
    await client.query(`${defaults} grant usage, select on sequences to ${id(roles.runtime)}`);
    await client.query(`${defaults} grant execute on functions to ${id(roles.runtime)}`);
  } finally {
    await client.end();
  }
}

/** Extensions a service may ask for: trusted contrib extensions the migrations of this repository use. */
const KNOWN_EXTENSIONS = new Set(['pg_trgm', 'btree_gist']);

/**
 * Creates `extensions` in the `public` schema if missing, as the admin: a service's owner role may not
 * create extensions, and an extension exists once per database, so every service that uses it refers to
 * it as `public.<function>` (the `public` schema is usable by every role on PostgreSQL 15 and later).
 */
export async function provisionExtensions(adminUrl: string, extensions: readonly string[]): Promise<void> {
  const unknown = extensions.filter((name) => !KNOWN_EXTENSIONS.has(name));
  if (unknown.length > 0) throw new Error(`Unknown database extension(s): ${unknown.join(', ')}; known are ${[...KNOWN_EXTENSIONS].join(', ')}`);
  if (extensions.length === 0) return;
  await retryProvisioningRace(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      for (const name of extensions) await client.query(`create extension if not exists ${client.escapeIdentifier(name)} with schema public`);
    } finally {
      await client.end();
    }
  });
}
