import { randomUUID } from 'node:crypto';
import { PERMISSIONS } from '@erp/contracts';
import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { appendAudit } from '../db/audit-log.js';
import { findRolesByName, insertRoles, listRoles, type RoleRow } from '../db/roles.js';
import { permissionsBeyond, unknownPermissions } from '../domain/permissions.js';
import { PermissionDeniedError, RoleExistsError, UnknownPermissionError } from '../errors.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';
import { RoleName } from './schemas.js';

const Role = Type.Object({ name: Type.String(), permissions: Type.Array(Type.String()), built_in: Type.Boolean() });
const RoleList = Type.Object({ items: Type.Array(Role) });
const CreateRoleBody = Type.Object(
  { name: RoleName, permissions: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }) },
  { additionalProperties: false },
);

function roleRowToRole(row: RoleRow) {
  return { name: row.name, permissions: row.permissions, built_in: row.built_in };
}

/** `GET /roles` (auth.users:read) and `POST /roles` (auth.roles:manage): custom roles from the permission catalogue. */
export async function roleRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/roles', { schema: { response: { 200: RoleList } }, onRequest: authenticate(context, 'auth.users:read') }, async (request) => {
    const { tenantId } = principalOf(request);
    return { items: (await withTenant(context.db, tenantId, (trx) => listRoles(trx, tenantId))).map(roleRowToRole) };
  });

  app.post(
    '/roles',
    { schema: { body: CreateRoleBody, response: { 201: Role } }, onRequest: authenticate(context, 'auth.roles:manage') },
    async (request, reply) => {
      const { tenantId, userId } = principalOf(request);
      const { name, permissions } = request.body;
      const unknown = unknownPermissions(permissions);
      if (unknown.length > 0) throw new UnknownPermissionError(unknown);
      const [beyond] = permissionsBeyond(permissions, principalOf(request).permissions);
      if (beyond) throw new PermissionDeniedError(beyond);
      await withTenant(context.db, tenantId, async (trx) => {
        if ((await findRolesByName(trx, tenantId, [name])).length > 0) throw new RoleExistsError(name);
        await insertRoles(trx, tenantId, [{ id: randomUUID(), name, permissions, builtIn: false }]);
        await appendAudit(trx, { tenantId, actorId: userId, action: 'role.created', details: { name, permissions }, ip: request.clientIp });
      });
      return reply.code(201).send({ name, permissions, built_in: false });
    },
  );
}
