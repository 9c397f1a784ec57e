import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { appendAudit } from './db/audit-log.js';
import { revokeUserTokens } from './db/refresh-tokens.js';
import { findRolesByName, findUserRoles, replaceUserRoles } from './db/roles.js';
import type { AuthDb } from './db/schema.js';
import { emailExists, findUser, insertUser, setUserStatus, type User, userRowToUser } from './db/users.js';
import { permissionsBeyond } from './domain/permissions.js';
import { EmailTakenError, PermissionDeniedError, SelfLockoutError, UnknownRoleError, UserNotFoundError } from './errors.js';
import type { Principal } from './routes/authenticate.js';
import type { RouteContext } from './routes/context.js';

/** Who acts, from where: every change below is audited with it. */
export interface Actor {
  readonly principal: Principal;
  readonly ip: string;
}

/** The ids of the roles `names`, refusing unknown names and roles that grant more than the actor holds. */
export async function grantableRoleIds(trx: Transaction<AuthDb>, actor: Actor, names: readonly string[]): Promise<string[]> {
  const roles = await findRolesByName(trx, actor.principal.tenantId, names);
  const missing = names.filter((name) => !roles.some((role) => role.name === name));
  if (missing.length > 0) throw new UnknownRoleError(missing);
  const [beyond] = permissionsBeyond(
    roles.flatMap((role) => role.permissions),
    actor.principal.permissions,
  );
  if (beyond) throw new PermissionDeniedError(beyond);
  return roles.map((role) => role.id);
}

const UNIQUE_VIOLATION = '23505';

async function userWithRoles(trx: Transaction<AuthDb>, tenantId: string, userId: string): Promise<User> {
  const row = await findUser(trx, tenantId, userId);
  if (!row) throw new UserNotFoundError(userId);
  return userRowToUser(
    row,
    (await findUserRoles(trx, tenantId, userId)).map((role) => role.name),
  );
}

/** Creates a user of the actor's tenant with `roles`; the password has already passed the policy. */
export async function createUser(context: RouteContext, actor: Actor, input: { email: string; passwordHash: string; roles: string[] }): Promise<User> {
  const { tenantId, userId: actorId } = actor.principal;
  return withTenant(context.db, tenantId, async (trx) => {
    if (await emailExists(trx, tenantId, input.email)) throw new EmailTakenError(input.email);
    const roleIds = await grantableRoleIds(trx, actor, input.roles);
    const id = randomUUID();
    // Two concurrent requests can both pass the check above; the unique index decides, with the same answer.
    await insertUser(trx, { tenantId, id, email: input.email, passwordHash: input.passwordHash }).catch((error: unknown) => {
      throw (error as { code?: string }).code === UNIQUE_VIOLATION ? new EmailTakenError(input.email) : error;
    });
    await replaceUserRoles(trx, tenantId, id, roleIds);
    await appendAudit(trx, { tenantId, actorId, action: 'user.created', details: { user_id: id, email: input.email, roles: input.roles }, ip: actor.ip });
    return userWithRoles(trx, tenantId, id);
  });
}

/** Replaces the roles of a user of the actor's tenant and audits the before and after. */
export async function assignRoles(context: RouteContext, actor: Actor, userId: string, roles: string[]): Promise<User> {
  const { tenantId, userId: actorId } = actor.principal;
  if (userId === actorId) throw new SelfLockoutError('change the roles of');
  return withTenant(context.db, tenantId, async (trx) => {
    const before = await userWithRoles(trx, tenantId, userId);
    await replaceUserRoles(trx, tenantId, userId, await grantableRoleIds(trx, actor, roles));
    await appendAudit(trx, { tenantId, actorId, action: 'user.roles_changed', details: { user_id: userId, before: before.roles, after: roles }, ip: actor.ip });
    return userWithRoles(trx, tenantId, userId);
  });
}

/** Disables or enables a user; disabling also revokes the user's refresh tokens, so the sessions end. */
export async function setStatus(context: RouteContext, actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<User> {
  const { tenantId, userId: actorId } = actor.principal;
  if (status === 'disabled' && userId === actorId) throw new SelfLockoutError('disable');
  return withTenant(context.db, tenantId, async (trx) => {
    await userWithRoles(trx, tenantId, userId);
    await setUserStatus(trx, tenantId, userId, status);
    if (status === 'disabled') await revokeUserTokens(trx, tenantId, userId, new Date());
    await appendAudit(trx, { tenantId, actorId, action: status === 'disabled' ? 'user.disabled' : 'user.enabled', details: { user_id: userId }, ip: actor.ip });
    return userWithRoles(trx, tenantId, userId);
  });
}
