import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { findUserRoles } from '../db/roles.js';
import { findUser } from '../db/users.js';
import { resolvePermissions } from '../domain/permissions.js';
import { UserNotFoundError } from '../errors.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';

const Me = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  email: Type.String(),
  status: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
});

/** `GET /me`: the caller as stored now (roles may have changed since the token was issued). */
export async function meRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/me', { schema: { response: { 200: Me } }, onRequest: authenticate(context) }, async (request) => {
    const { tenantId, userId } = principalOf(request);
    return withTenant(context.db, tenantId, async (trx) => {
      const user = await findUser(trx, tenantId, userId);
      if (!user) throw new UserNotFoundError(userId);
      const roles = await findUserRoles(trx, tenantId, userId);
      return {
        id: user.id,
        tenant_id: tenantId,
        email: user.email,
        status: user.status,
        roles: roles.map((role) => role.name),
        permissions: resolvePermissions(roles),
      };
    });
  });
}
