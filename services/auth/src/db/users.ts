import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export interface UserRow {
  tenant_id: string;
  id: string;
  email: string;
  status: 'active' | 'disabled';
  created_at: Date;
}

/** A user as the API shows it. */
export interface User {
  id: string;
  email: string;
  status: 'active' | 'disabled';
  roles: string[];
  created_at: string;
}

export interface LoginCandidate {
  tenant_id: string;
  id: string;
  email: string;
  password_hash: string;
  status: 'active' | 'disabled';
}

export function userRowToUser(row: UserRow, roles: string[]): User {
  return { id: row.id, email: row.email, status: row.status, roles, created_at: row.created_at.toISOString() };
}

export async function insertUser(trx: Transaction<AuthDb>, user: { tenantId: string; id: string; email: string; passwordHash: string }): Promise<void> {
  await trx.insertInto('app_user').values({ tenant_id: user.tenantId, id: user.id, email: user.email, password_hash: user.passwordHash }).execute();
}

/** The accounts of `email` in every tenant, through the owner-run function (row-level security hides them otherwise). */
export async function findLoginCandidates(db: Kysely<AuthDb>, email: string): Promise<LoginCandidate[]> {
  const { rows } = await sql<LoginCandidate>`select tenant_id, id, email, password_hash, status from find_login_candidates(${email})`.execute(db);
  return rows;
}

export async function findUser(db: Kysely<AuthDb>, tenantId: string, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .select(['tenant_id', 'id', 'email', 'status', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function emailExists(db: Kysely<AuthDb>, tenantId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** Where a page of users starts: after this e-mail and id (the list's sort key). */
export interface UserPosition {
  email: string;
  id: string;
}

/** One page of the tenant's users with the names of their roles, ordered by e-mail, and where the next starts. */
export async function listUsers(
  db: Kysely<AuthDb>,
  tenantId: string,
  page: { limit: number; after?: UserPosition | undefined },
): Promise<{ users: User[]; next?: UserPosition }> {
  let query = db.selectFrom('app_user').select(['tenant_id', 'id', 'email', 'status', 'created_at']).where('tenant_id', '=', tenantId);
  if (page.after) query = query.where(sql<boolean>`(email, id) > (${page.after.email}, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('email')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const roles =
    pageRows.length === 0
      ? []
      : await db
          .selectFrom('user_role')
          .innerJoin('role', (join) => join.onRef('role.tenant_id', '=', 'user_role.tenant_id').onRef('role.id', '=', 'user_role.role_id'))
          .select(['user_role.user_id', 'role.name'])
          .where('user_role.tenant_id', '=', tenantId)
          .where(
            'user_role.user_id',
            'in',
            pageRows.map((row) => row.id),
          )
          .orderBy('role.name')
          .execute();
  const users = pageRows.map((row) =>
    userRowToUser(
      row,
      roles.filter((role) => role.user_id === row.id).map((role) => role.name),
    ),
  );
  const last = pageRows.at(-1);
  return rows.length > page.limit && last ? { users, next: { email: last.email, id: last.id } } : { users };
}

export async function setUserStatus(trx: Transaction<AuthDb>, tenantId: string, id: string, status: 'active' | 'disabled'): Promise<void> {
  await trx.updateTable('app_user').set({ status }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function findPasswordHash(db: Kysely<AuthDb>, tenantId: string, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_user').select('password_hash').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row?.password_hash;
}

export async function setPasswordHash(trx: Transaction<AuthDb>, tenantId: string, id: string, passwordHash: string): Promise<void> {
  await trx.updateTable('app_user').set({ password_hash: passwordHash }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
