import pg from 'pg';
import { retryProvisioningRace } from '../db/provision.js';

/** The shared schema of the PostgreSQL registry, its owner, and the group role whose members may use it. */
export const REGISTRY_SCHEMA = 'erp_registry';
const OWNER_ROLE = 'erp_registry_owner';
const MEMBER_ROLE = 'erp_registry_member';

/**
 * Creates the registry schema and table if missing and lets each role in `memberRoles` read and write it,
 * idempotently and safely in parallel (every service does this at start). The owner role owns the schema
 * and table; services get row rights only, through membership of a group role, so no service can alter the
 * table or reach another service's schema through it.
 */
export async function provisionRegistry(adminUrl: string, memberRoles: readonly string[]): Promise<void> {
  await retryProvisioningRace(() => provisionOnce(adminUrl, memberRoles));
}

async function provisionOnce(adminUrl: string, memberRoles: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'erp-registry-provision' });
  await client.connect();
  try {
    const id = (name: string) => client.escapeIdentifier(name);
    await ensureRoles(client);
    await client.query(`create schema if not exists ${id(REGISTRY_SCHEMA)} authorization ${id(OWNER_ROLE)}`);
    await createTable(client);
    await client.query(`grant usage on schema ${id(REGISTRY_SCHEMA)} to ${id(MEMBER_ROLE)}`);
    await client.query(`grant select, insert, update, delete on ${id(REGISTRY_SCHEMA)}.instance to ${id(MEMBER_ROLE)}`);
    const { rows } = await client.query<{ rolname: string }>(
      'select member.rolname from pg_auth_members m join pg_roles grp on grp.oid = m.roleid join pg_roles member on member.oid = m.member where grp.rolname = $1',
      [MEMBER_ROLE],
    );
    const granted = new Set(rows.map((row) => row.rolname));
    for (const role of memberRoles) {
      if (!granted.has(role)) await client.query(`grant ${id(MEMBER_ROLE)} to ${id(role)}`);
    }
  } finally {
    await client.end();
  }
}

async function ensureRoles(client: pg.Client): Promise<void> {
  const id = (name: string) => client.escapeIdentifier(name);
  const { rows } = await client.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [[OWNER_ROLE, MEMBER_ROLE]]);
  const existing = new Set(rows.map((row) => row.rolname));
  if (!existing.has(OWNER_ROLE)) await client.query(`create role ${id(OWNER_ROLE)} nologin`);
  if (!existing.has(MEMBER_ROLE)) await client.query(`create role ${id(MEMBER_ROLE)} nologin`);
  // The table is created as the owner; an admin that is not a superuser needs membership to SET ROLE.
  const { rows: me } = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
  if (!me[0]?.rolsuper) await client.query(`grant ${id(OWNER_ROLE)} to current_user`);
}

async function createTable(client: pg.Client): Promise<void> {
  const schema = client.escapeIdentifier(REGISTRY_SCHEMA);
  await client.query('begin');
  try {
    await client.query(`set local role ${client.escapeIdentifier(OWNER_ROLE)}`);
    await client.query(`create table if not exists ${schema}.instance (
      service text not null,
      instance_id text not null,
      url text not null,
      started_at timestamptz not null,
      heartbeat_at timestamptz not null default now(),
      meta jsonb not null default '{}'::jsonb,
      constraint instance_pk primary key (service, instance_id)
    )`);
    await client.query(`create index if not exists instance_heartbeat_at_idx on ${schema}.instance (heartbeat_at)`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
