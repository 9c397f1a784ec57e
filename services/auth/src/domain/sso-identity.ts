/** What a tenant's SSO settings say about who may come in and with which roles. */
export interface SsoPolicy {
  readonly allowedDomains: readonly string[];
  readonly defaultRoles: readonly string[];
  readonly roleClaim: string | null;
  readonly roleMappings: ReadonlyArray<{ value: string; role: string }>;
}

export type IdentityRefusal = 'email_missing' | 'email_unverified' | 'domain_not_allowed';

export type IdentityCheck = { ok: true; email: string } | { ok: false; reason: IdentityRefusal };

const EMAIL = /^[^\s@]{1,64}@([^\s@]{1,253})$/;

/**
 * The e-mail address of verified ID token claims, if the tenant accepts it. A provider that sends
 * `email_verified` must say true; one that does not send it is trusted, because many corporate providers
 * only issue addresses they own.
 */
export function checkIdentity(claims: Readonly<Record<string, unknown>>, allowedDomains: readonly string[]): IdentityCheck {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  const domain = EMAIL.exec(email)?.[1]?.toLowerCase();
  if (!domain || email.length > 254) return { ok: false, reason: 'email_missing' };
  if (claims.email_verified !== undefined && claims.email_verified !== true) return { ok: false, reason: 'email_unverified' };
  if (!allowedDomains.some((allowed) => allowed.toLowerCase() === domain)) return { ok: false, reason: 'domain_not_allowed' };
  return { ok: true, email };
}

/** The role names a newly provisioned user gets: the defaults plus every mapping the role claim matches. */
export function provisionedRoles(claims: Readonly<Record<string, unknown>>, policy: SsoPolicy): string[] {
  const claim = policy.roleClaim ? claims[policy.roleClaim] : undefined;
  const values = new Set((Array.isArray(claim) ? claim : [claim]).filter((value): value is string => typeof value === 'string'));
  const mapped = policy.roleMappings.filter((mapping) => values.has(mapping.value)).map((mapping) => mapping.role);
  return [...new Set([...policy.defaultRoles, ...mapped])].sort();
}
