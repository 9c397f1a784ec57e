import type { Kysely, Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export interface RoleRow {
  id: string;
  name: string;
  permissions: string[];
  built_in: boolean;
}

export async function insertRoles(
  trx: Transaction<AuthDb>,
  tenantId: string,
  roles: Array<{ id: string; name: string; permissions: string[]; builtIn: boolean }>,
): Promise<void> {
  await trx
    .insertInto('role')
    .values(roles.map((role) => ({ tenant_id: tenantId, id: role.id, name: role.name, permissions: role.permissions, built_in: role.builtIn })))
    .execute();
}

export async function findRolesByName(db: Kysely<AuthDb>, tenantId: string, names: readonly string[]): Promise<RoleRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('role').select(['id', 'name', 'permissions', 'built_in']).where('tenant_id', '=', tenantId).where('name', 'in', names).execute();
}

export async function listRoles(db: Kysely<AuthDb>, tenantId: string): Promise<RoleRow[]> {
  return db.selectFrom('role').select(['id', 'name', 'permissions', 'built_in']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** The roles of one user, with their permissions, for issuing a token. */
export async function findUserRoles(db: Kysely<AuthDb>, tenantId: string, userId: string): Promise<RoleRow[]> {
  return db
    .selectFrom('user_role')
    .innerJoin('role', (join) => join.onRef('role.tenant_id', '=', 'user_role.tenant_id').onRef('role.id', '=', 'user_role.role_id'))
    .select(['role.id', 'role.name', 'role.permissions', 'role.built_in'])
    .where('user_role.tenant_id', '=', tenantId)
    .where('user_role.user_id', '=', userId)
    .orderBy('role.name')
    .execute();
}

/** Replaces the roles of a user with `roleIds`. */
export async function replaceUserRoles(trx: Transaction<AuthDb>, tenantId: string, userId: string, roleIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('user_role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (roleIds.length === 0) return;
  await trx
    .insertInto('user_role')
    .values(roleIds.map((roleId) => ({ tenant_id: tenantId, user_id: userId, role_id: roleId })))
    .execute();
}
