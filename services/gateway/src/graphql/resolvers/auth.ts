import { type AreaResolvers, type GraphqlContext, type LoaderDefinition, loaderOf } from '../context.js';
import type { ServiceCall } from '../service-client.js';
import {
  type AuditEntry,
  auditRestToAuditEntry,
  meRestToMe,
  type RestAuditEntry,
  type RestMe,
  type RestPage,
  type RestRole,
  type RestUser,
  roleRestToRole,
  type User,
  userRestToUser,
  withQuery,
} from './auth-shapes.js';

const USERS = '/api/v1/auth/users';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PageArgs {
  limit: number;
  cursor?: string | null;
}

const callAuth = <Result>(context: GraphqlContext, call: ServiceCall) => context.services.call<Result>('auth', call);

/**
 * Users by id. The auth service has no lookup by id, so one batch pages through the tenant's users (200 a
 * page, the most auth allows) until it has found every id asked for: one call for a tenant of up to 200 users,
 * however many fields asked. An id that is not a user of the tenant loads as null.
 */
export const usersById: LoaderDefinition<string, User | null> = {
  async batch(services, ids) {
    const wanted = new Set(ids.filter((id) => UUID.test(id)));
    const found = new Map<string, User>();
    let cursor: string | null = null;
    while (found.size < wanted.size) {
      const page: RestPage<RestUser> = await services.call('auth', { method: 'GET', path: withQuery(USERS, { limit: 200, cursor }) });
      for (const user of page.items) if (wanted.has(user.id)) found.set(user.id, userRestToUser(user));
      cursor = page.next_cursor;
      if (cursor === null) break;
    }
    return ids.map((id) => found.get(id) ?? null);
  },
};

/** Maps a user a mutation returned, and lets later fields of the same request see its new state. */
async function changedUser(context: GraphqlContext, call: ServiceCall): Promise<User> {
  const user = userRestToUser(await callAuth<RestUser>(context, call));
  loaderOf(context, usersById).clear(user.id).prime(user.id, user);
  return user;
}

const userPath = (id: string, action: string) => `${USERS}/${encodeURIComponent(id)}/${action}`;

export const authResolvers: AreaResolvers = {
  Query: {
    me: async (_source, _args, context) => meRestToMe(await callAuth<RestMe>(context, { method: 'GET', path: '/api/v1/auth/me' })),
    users: async (_source, args: PageArgs, context) => {
      const page = await callAuth<RestPage<RestUser>>(context, { method: 'GET', path: withQuery(USERS, { limit: args.limit, cursor: args.cursor }) });
      const items = page.items.map(userRestToUser);
      const loader = loaderOf(context, usersById);
      for (const user of items) loader.prime(user.id, user);
      return { items, nextCursor: page.next_cursor };
    },
    user: (_source, args: { id: string }, context) => loaderOf(context, usersById).load(args.id),
    roles: async (_source, _args, context) => {
      const roles = await callAuth<{ items: RestRole[] }>(context, { method: 'GET', path: '/api/v1/auth/roles' });
      return roles.items.map(roleRestToRole);
    },
    auditLog: async (_source, args: PageArgs, context) => {
      const path = withQuery('/api/v1/auth/audit-log', { limit: args.limit, cursor: args.cursor });
      const page = await callAuth<RestPage<RestAuditEntry>>(context, { method: 'GET', path });
      return { items: page.items.map(auditRestToAuditEntry), nextCursor: page.next_cursor };
    },
  },
  AuditEntry: {
    actor: (entry: AuditEntry, _args, context) => (entry.actorId === null ? null : loaderOf(context, usersById).load(entry.actorId)),
  },
  Mutation: {
    createUser: (_source, args: { input: { email: string; password: string; roles: string[] } }, context) =>
      changedUser(context, { method: 'POST', path: USERS, body: { email: args.input.email, password: args.input.password, roles: args.input.roles } }),
    assignRoles: (_source, args: { userId: string; roles: string[] }, context) =>
      changedUser(context, { method: 'PUT', path: userPath(args.userId, 'roles'), body: { roles: args.roles } }),
    disableUser: (_source, args: { id: string }, context) => changedUser(context, { method: 'POST', path: userPath(args.id, 'disable') }),
    enableUser: (_source, args: { id: string }, context) => changedUser(context, { method: 'POST', path: userPath(args.id, 'enable') }),
    createRole: async (_source, args: { input: { name: string; permissions: string[] } }, context) => {
      const body = { name: args.input.name, permissions: args.input.permissions };
      return roleRestToRole(await callAuth<RestRole>(context, { method: 'POST', path: '/api/v1/auth/roles', body }));
    },
  },
};
