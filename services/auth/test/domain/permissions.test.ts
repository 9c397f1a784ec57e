import { BUILT_IN_ROLES, PERMISSIONS } from '@erp/contracts';
import { describe, expect, it } from 'vitest';
import { permissionsBeyond, resolvePermissions, unknownPermissions } from '../../src/domain/permissions.js';

describe('resolvePermissions', () => {
  it('should return the sorted union of the roles permissions without duplicates', () => {
    const roles = [
      { name: 'sales', permissions: ['core.orders:write', 'core.customers:read'] },
      { name: 'other', permissions: ['core.customers:read', 'auth.users:read'] },
    ];

    expect(resolvePermissions(roles)).toEqual(['auth.users:read', 'core.customers:read', 'core.orders:write']);
  });

  it('should drop names that are not in the catalogue', () => {
    expect(resolvePermissions([{ name: 'old', permissions: ['core.customers:read', 'legacy.thing:do'] }])).toEqual(['core.customers:read']);
  });

  it('should give the admin role the whole catalogue', () => {
    expect(resolvePermissions([{ name: 'admin', permissions: BUILT_IN_ROLES.admin }])).toEqual([...PERMISSIONS].sort());
  });
});

describe('unknownPermissions', () => {
  it('should name only the permissions missing from the catalogue', () => {
    expect(unknownPermissions(['auth.users:read', 'auth.everything:do'])).toEqual(['auth.everything:do']);
  });
});

describe('permissionsBeyond', () => {
  it('should name what is granted but not held, and nothing for a subset', () => {
    const held = new Set(['auth.users:read', 'auth.users:manage']);

    expect(permissionsBeyond(['auth.users:read', 'finance.entries:post'], held)).toEqual(['finance.entries:post']);
    expect(permissionsBeyond(['auth.users:read'], held)).toEqual([]);
  });
});
