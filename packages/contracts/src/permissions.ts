/**
 * The permission catalogue: every permission a route can require, as `<service>.<resource>:<action>`.
 * Every service checks these names, and the auth service grants them through roles.
 */
export const PERMISSIONS = [
  'auth.users:read',
  'auth.users:manage',
  'auth.roles:manage',
  'auth.api-keys:manage',
  'auth.audit:read',
  'core.customers:read',
  'core.customers:write',
  'core.suppliers:read',
  'core.suppliers:write',
  'core.products:read',
  'core.products:write',
  'core.inventory:read',
  'core.inventory:write',
  'core.orders:read',
  'core.orders:write',
  'core.orders:invoice',
  'core.purchasing:read',
  'core.purchasing:write',
  'finance.accounts:read',
  'finance.accounts:manage',
  'finance.entries:read',
  'finance.entries:post',
  'finance.periods:manage',
  'finance.payments:write',
  'finance.documents:read',
  'finance.documents:write',
  'finance.reports:read',
  'finance.audit:read',
  'ai.assistant:use',
  'ai.suggestions:read',
  'ai.admin:manage',
  'reporting.reports:read',
  'reporting.exports:run',
  'notification.messages:read',
  'notification.settings:manage',
  'observer.monitoring:read',
  'observer.scaling:manage',
] as const;

/** One permission of the catalogue. */
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;
const reads = (filter: (permission: Permission) => boolean = () => true) => ALL.filter((permission) => permission.endsWith(':read') && filter(permission));
const notAudit = (permission: Permission) => !permission.endsWith('.audit:read');
const inService =
  (...services: string[]) =>
  (permission: Permission) =>
    services.some((service) => permission.startsWith(`${service}.`));

/** The roles every tenant has; tenants may define further roles from the same catalogue. */
export const BUILT_IN_ROLES: Readonly<Record<'admin' | 'accountant' | 'sales' | 'warehouse' | 'viewer' | 'auditor', readonly Permission[]>> = {
  admin: ALL,
  accountant: [
    ...ALL.filter(inService('finance')).filter(notAudit),
    ...reads(inService('core', 'reporting')),
    'reporting.exports:run',
    'ai.assistant:use',
    'ai.suggestions:read',
    'notification.messages:read',
  ],
  sales: [
    'core.customers:read',
    'core.customers:write',
    'core.products:read',
    'core.inventory:read',
    'core.orders:read',
    'core.orders:write',
    'core.orders:invoice',
    'reporting.reports:read',
    'ai.assistant:use',
    'notification.messages:read',
  ],
  warehouse: [
    'core.products:read',
    'core.products:write',
    'core.inventory:read',
    'core.inventory:write',
    'core.orders:read',
    'core.suppliers:read',
    'core.purchasing:read',
    'core.purchasing:write',
    'notification.messages:read',
  ],
  viewer: reads(notAudit),
  auditor: reads(),
};

/** The name of a built-in role. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** Tells whether `value` names a permission of the catalogue. */
export function isPermission(value: string): value is Permission {
  return (ALL as readonly string[]).includes(value);
}
