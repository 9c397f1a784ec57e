import { withTenant } from '@erp/kit';
import { appendAudit } from '../db/audit-log.js';
import { toCredentialTransaction } from '../db/credential-schema.js';
import { deleteUserMfa } from '../db/mfa.js';
import { findUserRoles } from '../db/roles.js';
import { findUser } from '../db/users.js';
import { permissionsBeyond, resolvePermissions } from '../domain/permissions.js';
import { PermissionDeniedError, SelfLockoutError, UserNotFoundError } from '../errors.js';
import type { RouteContext } from '../routes/context.js';
import type { Actor } from '../user-admin.js';

/**
 * Removes another user's authenticator and recovery codes, for a user who lost both. Only for users whose
 * permissions the actor holds all of (the no-escalation rule: weakening an account is as strong as taking
 * it over), never for the actor's own account, where a code is the proof that must not be skipped.
 */
export async function resetUserMfa(context: RouteContext, actor: Actor, userId: string): Promise<void> {
  const { tenantId } = actor.principal;
  if (userId === actor.principal.userId) throw new SelfLockoutError('reset the second factor of');
  await withTenant(context.db, tenantId, async (trx) => {
    if (!(await findUser(trx, tenantId, userId))) throw new UserNotFoundError(userId);
    const [beyond] = permissionsBeyond(resolvePermissions(await findUserRoles(trx, tenantId, userId)), actor.principal.permissions);
    if (beyond) throw new PermissionDeniedError(beyond);
    await deleteUserMfa(toCredentialTransaction(trx), tenantId, userId);
    await appendAudit(trx, { tenantId, actorId: actor.principal.userId, action: 'mfa.reset', details: { user_id: userId }, ip: actor.ip });
  });
}
