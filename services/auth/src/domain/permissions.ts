import { isPermission, type Permission } from '@erp/contracts';

/** A role as far as permission resolution cares. */
export interface RoleGrant {
  readonly name: string;
  readonly permissions: readonly string[];
}

/**
 * The effective permissions of a set of roles: the sorted union of their permissions, keeping only names of
 * the catalogue, so that a permission removed from the catalogue stops being granted even if a role lists it.
 */
export function resolvePermissions(roles: readonly RoleGrant[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of role.permissions) if (isPermission(permission)) granted.add(permission);
  }
  return [...granted].sort();
}

/** The names in `permissions` that the catalogue does not know, for rejecting a custom role. */
export function unknownPermissions(permissions: readonly string[]): string[] {
  return permissions.filter((permission) => !isPermission(permission));
}

/**
 * The permissions of `granted` that the caller does not hold. A caller may only hand out what it holds,
 * so that the right to manage users or roles cannot be turned into admin rights.
 */
export function permissionsBeyond(granted: readonly string[], held: ReadonlySet<string>): string[] {
  return granted.filter((permission) => !held.has(permission));
}
