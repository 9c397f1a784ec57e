import { BadRequestError, type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listUsers, type UserPosition } from '../db/users.js';
import { assertStrongPassword, hashPassword } from '../passwords.js';
import { assignRoles, createUser, setStatus } from '../user-admin.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';
import { Email, Password, RoleNames, User, UserIdParams } from './schemas.js';

const CreateUserBody = Type.Object({ email: Email, password: Password, roles: RoleNames }, { additionalProperties: false });
const RolesBody = Type.Object({ roles: RoleNames }, { additionalProperties: false });
const UserList = Type.Object({ items: Type.Array(User), next_cursor: Type.Union([Type.String(), Type.Null()]) });
const ListQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), cursor: Type.Optional(Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' })) },
  { additionalProperties: false },
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The cursor is opaque to clients: the position of the last user of the previous page, base64url JSON.
function toCursor(position: UserPosition): string {
  return Buffer.from(JSON.stringify([position.email, position.id])).toString('base64url');
}

function fromCursor(cursor: string): UserPosition {
  try {
    const [email, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof email === 'string' && typeof id === 'string' && UUID.test(id)) return { email, id };
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw new BadRequestError('The cursor is not one this service issued; start again without a cursor.');
}

/** User administration within the caller's tenant: list (auth.users:read), create, roles, disable/enable (auth.users:manage). */
export async function userRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const canRead = authenticate(context, 'auth.users:read');
  const canManage = authenticate(context, 'auth.users:manage');
  const actorOf = (request: Parameters<typeof principalOf>[0]) => ({ principal: principalOf(request), ip: request.clientIp });

  app.get('/users', { schema: { querystring: ListQuery, response: { 200: UserList } }, onRequest: canRead }, async (request) => {
    const { tenantId } = principalOf(request);
    const after = request.query.cursor ? fromCursor(request.query.cursor) : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listUsers(trx, tenantId, { limit: request.query.limit, after }));
    return { items: page.users, next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.post('/users', { schema: { body: CreateUserBody, response: { 201: User } }, onRequest: canManage }, async (request, reply) => {
    const { email, password, roles } = request.body;
    assertStrongPassword(password, email);
    const user = await createUser(context, actorOf(request), { email, passwordHash: await hashPassword(password), roles });
    return reply.code(201).send(user);
  });

  app.put('/users/:id/roles', { schema: { params: UserIdParams, body: RolesBody, response: { 200: User } }, onRequest: canManage }, async (request) =>
    assignRoles(context, actorOf(request), request.params.id, request.body.roles),
  );

  app.post('/users/:id/disable', { schema: { params: UserIdParams, response: { 200: User } }, onRequest: canManage }, async (request) =>
    setStatus(context, actorOf(request), request.params.id, 'disabled'),
  );

  app.post('/users/:id/enable', { schema: { params: UserIdParams, response: { 200: User } }, onRequest: canManage }, async (request) =>
    setStatus(context, actorOf(request), request.params.id, 'active'),
  );
}
