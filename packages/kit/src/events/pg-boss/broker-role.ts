import { createHmac } from 'node:crypto';
import pg from 'pg';
import { retryProvisioningRace } from '../../db/provision.js';

/** The login role that owns the Postgres broker's schema; no service role has any right on it. */
export interface BrokerRole {
  readonly schema: string;
  readonly role: string;
  readonly password: string;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,40}$/;
/**
 * Names the broker role of `schema`. Its password is derived from the admin credentials, as the service
 * roles' are, so every process of the system computes the same one without storing it.
 *
 * ### Example
 * ```ts
 * brokerRole('postgres://postgres:secret@db/erp', 'erp_events'); // { schema: 'erp_events', role: 'erp_events_broker', ... }
 * ```
 */
export function brokerRole(adminUrl: string, schema: string): BrokerRole {
  if (!IDENTIFIER.test(schema)) throw new TypeError(`Broker schema "${schema}" is not a valid schema name`);
  const secret = new URL(adminUrl).password || 'erp-no-admin-password';
  const role = `${schema}_broker`;
  return { schema, role, password: createHmac('sha256', secret).update(role).digest('base64url') };
}

/**
 * The connection URL of the broker role, built from the admin URL.
 *
 * ### Example
 * ```ts
 * const boss = new PgBoss({ connectionString: brokerUrl(adminUrl, role), schema: role.schema });
 * ```
 */
export function brokerUrl(adminUrl: string, role: BrokerRole): string {
  const url = new URL(adminUrl);
  url.username = role.role;
  url.password = role.password;
  return url.toString();
}

/**
 * Creates the broker role and its schema if missing, idempotently and safely in parallel. The role owns
 * the schema, so pg-boss can install and migrate its tables there, and nothing else.
 *
 * ### Example
 * ```ts
 * await provisionBrokerSchema(adminUrl, brokerRole(adminUrl, 'erp_events'));
 * ```
 */
export async function provisionBrokerSchema(adminUrl: string, role: BrokerRole): Promise<void> {
  await retryProvisioningRace(() => provisionOnce(adminUrl, role));
}

async function provisionOnce(adminUrl: string, role: BrokerRole): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const id = (name: string) => client.escapeIdentifier(name);
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role.role]);
    if (rowCount === 0) await client.query(`create role ${id(role.role)} login`);
    await client.query(`alter role ${id(role.role)} password ${client.escapeLiteral(role.password)}`);
    // Creating a schema owned by another role needs membership in it; a superuser has that already.
    const { rows } = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (!rows[0]?.rolsuper) await client.query(`grant ${id(role.role)} to current_user`);
    await client.query(`create schema if not exists ${id(role.schema)} authorization ${id(role.role)}`);
  } finally {
    await client.end();
  }
}
