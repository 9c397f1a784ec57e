// The auth service's REST shapes (only the fields read here) and their GraphQL counterparts.

export interface RestPage<Item> {
  items: Item[];
  next_cursor: string | null;
}

export interface RestUser {
  id: string;
  email: string;
  status: string;
  roles: string[];
  created_at: string;
}

export interface RestMe {
  id: string;
  tenant_id: string;
  email: string;
  status: string;
  roles: string[];
  permissions: string[];
}

export interface RestRole {
  name: string;
  permissions: string[];
  built_in: boolean;
}

export interface RestAuditEntry {
  id: string;
  actor_id: string | null;
  action: string;
  details: Record<string, unknown>;
  ip: string | null;
  at: string;
}

export interface User {
  id: string;
  email: string;
  status: string;
  roles: string[];
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  details: Record<string, unknown>;
  ip: string | null;
  at: string;
}

/** `active` becomes the enum value `ACTIVE`. */
const toStatus = (status: string) => status.toUpperCase();

export function userRestToUser(user: RestUser): User {
  return { id: user.id, email: user.email, status: toStatus(user.status), roles: user.roles, createdAt: user.created_at };
}

export function meRestToMe(me: RestMe) {
  return { id: me.id, tenantId: me.tenant_id, email: me.email, status: toStatus(me.status), roles: me.roles, permissions: me.permissions };
}

export function roleRestToRole(role: RestRole) {
  return { name: role.name, permissions: role.permissions, builtIn: role.built_in };
}

export function auditRestToAuditEntry(entry: RestAuditEntry): AuditEntry {
  return { id: entry.id, actorId: entry.actor_id, action: entry.action, details: entry.details, ip: entry.ip, at: entry.at };
}

/** `path` with the defined `params` as its query string. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null) query.set(name, String(value));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
