import { describe, expect, it } from 'vitest';
import { checkIdentity, provisionedRoles } from '../../src/domain/sso-identity.js';

const policy = { allowedDomains: ['example.com'], defaultRoles: ['viewer'], roleClaim: 'groups', roleMappings: [{ value: 'erp-sales', role: 'sales' }] };

describe('checkIdentity', () => {
  it.each([
    ['no e-mail claim', {}, 'email_missing'],
    ['an e-mail that is not a string', { email: ['a@example.com'] }, 'email_missing'],
    ['an address without a domain', { email: 'someone' }, 'email_missing'],
    ['email_verified false', { email: 'a@example.com', email_verified: false }, 'email_unverified'],
    ['email_verified as the string "true"', { email: 'a@example.com', email_verified: 'true' }, 'email_unverified'],
    ['a domain not allowed', { email: 'a@example.org', email_verified: true }, 'domain_not_allowed'],
    ['a sub-domain of an allowed one', { email: 'a@evil.example.com' }, 'domain_not_allowed'],
  ])('should refuse %s', (_case, claims, reason) => {
    expect(checkIdentity(claims, policy.allowedDomains)).toEqual({ ok: false, reason });
  });

  it('should accept an allowed domain in any case when the provider sends no email_verified', () => {
    expect(checkIdentity({ email: 'Ann@EXAMPLE.com' }, policy.allowedDomains)).toEqual({ ok: true, email: 'Ann@EXAMPLE.com' });
  });
});

describe('provisionedRoles', () => {
  it('should add the mapped role of each matching claim value to the defaults, once and sorted', () => {
    expect(provisionedRoles({ groups: ['erp-sales', 'erp-sales', 'other'] }, policy)).toEqual(['sales', 'viewer']);
  });

  it('should accept a single string as the claim value', () => {
    expect(provisionedRoles({ groups: 'erp-sales' }, policy)).toEqual(['sales', 'viewer']);
  });

  it('should give only the defaults when there is no role claim', () => {
    expect(provisionedRoles({ groups: ['erp-sales'] }, { ...policy, roleClaim: null })).toEqual(['viewer']);
  });
});
