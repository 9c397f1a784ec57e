import { BUILT_IN_ROLES, isPermission, PERMISSIONS } from '@erp/contracts';
import { describe, expect, it } from 'vitest';

describe('the permission catalogue', () => {
  it('should name every permission as <service>.<resource>:<action> exactly once', () => {
    for (const permission of PERMISSIONS) expect(permission).toMatch(/^[a-z]+\.[a-z-]+:[a-z]+$/);
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it('should grant built-in roles only permissions of the catalogue', () => {
    for (const permissions of Object.values(BUILT_IN_ROLES)) {
      expect(permissions.filter((permission) => !isPermission(permission))).toEqual([]);
    }
  });

  it('should keep viewers and auditors read-only, and audit logs for auditors and admins', () => {
    expect(BUILT_IN_ROLES.viewer.every((permission) => permission.endsWith(':read'))).toBe(true);
    expect(BUILT_IN_ROLES.auditor.every((permission) => permission.endsWith(':read'))).toBe(true);
    expect(BUILT_IN_ROLES.auditor).toContain('finance.audit:read');
    expect(BUILT_IN_ROLES.viewer).not.toContain('finance.audit:read');
  });

  it('should let an accountant post entries but not manage users', () => {
    expect(BUILT_IN_ROLES.accountant).toContain('finance.entries:post');
    expect(BUILT_IN_ROLES.accountant).not.toContain('auth.users:manage');
  });
});
