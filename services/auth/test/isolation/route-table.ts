import type { Permission } from '@erp/contracts';

/** Who may call a route: anyone, any signed-in user, the installation's operators (`AUTH_OPERATORS`), or holders of a permission. */
export type Access = 'public' | 'user' | 'operator' | Permission;

/** Tenant A's objects that requests aim at; tenant B's callers must never reach them. */
export interface Targets {
  tenantId: string;
  userId: string;
  apiKeyId: string;
  clientId: string;
}

export interface RouteCase {
  access: Access;
  /** A well-formed request against `targets`, so that only access rules can refuse it. */
  request(targets: Targets): { url: string; payload?: unknown };
}

const AUTH = '/api/v1/auth';
const STRONG = 'Another-Strong-Passphrase-4';
const at = (url: string) => () => ({ url });
const withBody = (url: string, payload: unknown) => () => ({ url, payload });

/**
 * Every route of the auth service and who may call it. The sweep fails when the service gains a route
 * this table does not list, so a new route cannot skip the isolation and role checks.
 */
export const ROUTES: Readonly<Record<string, RouteCase>> = {
  'GET /health': { access: 'public', request: at('/health') },
  'POST /api/v1/auth/register': { access: 'public', request: withBody(`${AUTH}/register`, {}) },
  'POST /api/v1/auth/login': { access: 'public', request: withBody(`${AUTH}/login`, {}) },
  'POST /api/v1/auth/token/refresh': { access: 'public', request: withBody(`${AUTH}/token/refresh`, {}) },
  'POST /api/v1/auth/logout': { access: 'public', request: withBody(`${AUTH}/logout`, {}) },
  'POST /api/v1/auth/password/reset-request': { access: 'public', request: withBody(`${AUTH}/password/reset-request`, {}) },
  'POST /api/v1/auth/password/reset': { access: 'public', request: withBody(`${AUTH}/password/reset`, {}) },
  'POST /api/v1/auth/login/mfa': { access: 'public', request: withBody(`${AUTH}/login/mfa`, {}) },
  'GET /api/v1/auth/sso/{tenant}/start': { access: 'public', request: (targets) => ({ url: `${AUTH}/sso/${targets.tenantId}/start` }) },
  'GET /api/v1/auth/sso/{tenant}/callback': { access: 'public', request: (targets) => ({ url: `${AUTH}/sso/${targets.tenantId}/callback` }) },
  'POST /api/v1/auth/sso/exchange': { access: 'public', request: withBody(`${AUTH}/sso/exchange`, {}) },
  'POST /api/v1/auth/oauth/token': { access: 'public', request: withBody(`${AUTH}/oauth/token`, {}) },
  'POST /oauth/token': { access: 'public', request: withBody('/oauth/token', {}) },
  'GET /.well-known/jwks.json': { access: 'public', request: at('/.well-known/jwks.json') },
  'GET /.well-known/openid-configuration': { access: 'public', request: at('/.well-known/openid-configuration') },

  'GET /api/v1/auth/me': { access: 'user', request: at(`${AUTH}/me`) },
  'POST /api/v1/auth/password': { access: 'user', request: withBody(`${AUTH}/password`, { current_password: 'Not-The-Password-1', new_password: STRONG }) },
  'GET /api/v1/auth/mfa': { access: 'user', request: at(`${AUTH}/mfa`) },
  'POST /api/v1/auth/mfa/totp': { access: 'user', request: withBody(`${AUTH}/mfa/totp`, {}) },
  'POST /api/v1/auth/mfa/totp/confirm': { access: 'user', request: withBody(`${AUTH}/mfa/totp/confirm`, { code: '000000' }) },
  'POST /api/v1/auth/mfa/recovery-codes': { access: 'user', request: withBody(`${AUTH}/mfa/recovery-codes`, { code: '000000' }) },
  'POST /api/v1/auth/mfa/totp/disable': { access: 'user', request: withBody(`${AUTH}/mfa/totp/disable`, { code: '000000' }) },
  'POST /api/v1/auth/keys/rotate': { access: 'operator', request: withBody(`${AUTH}/keys/rotate`, {}) },

  'GET /api/v1/auth/users': { access: 'auth.users:read', request: at(`${AUTH}/users`) },
  'GET /api/v1/auth/roles': { access: 'auth.users:read', request: at(`${AUTH}/roles`) },
  'POST /api/v1/auth/users': {
    access: 'auth.users:manage',
    request: withBody(`${AUTH}/users`, { email: 'sweep-created@example.com', password: STRONG, roles: ['viewer'] }),
  },
  'PUT /api/v1/auth/users/{id}/roles': {
    access: 'auth.users:manage',
    request: (targets) => ({ url: `${AUTH}/users/${targets.userId}/roles`, payload: { roles: ['viewer'] } }),
  },
  'POST /api/v1/auth/users/{id}/disable': {
    access: 'auth.users:manage',
    request: (targets) => ({ url: `${AUTH}/users/${targets.userId}/disable`, payload: {} }),
  },
  'POST /api/v1/auth/users/{id}/enable': {
    access: 'auth.users:manage',
    request: (targets) => ({ url: `${AUTH}/users/${targets.userId}/enable`, payload: {} }),
  },
  'DELETE /api/v1/auth/users/{id}/mfa': { access: 'auth.users:manage', request: (targets) => ({ url: `${AUTH}/users/${targets.userId}/mfa` }) },
  'PUT /api/v1/auth/sso': {
    access: 'auth.users:manage',
    request: withBody(`${AUTH}/sso`, {
      issuer: 'https://idp.invalid',
      client_id: 'erp',
      client_secret: 'secret',
      redirect_uri: 'https://erp.invalid/callback',
      ui_redirect_uri: 'https://erp.invalid/',
      allowed_domains: ['example.com'],
      default_roles: ['viewer'],
      auto_provision: false,
    }),
  },
  'GET /api/v1/auth/sso': { access: 'auth.users:manage', request: at(`${AUTH}/sso`) },
  'DELETE /api/v1/auth/sso': { access: 'auth.users:manage', request: at(`${AUTH}/sso`) },
  'POST /api/v1/auth/roles': { access: 'auth.roles:manage', request: withBody(`${AUTH}/roles`, { name: 'sweep-role', permissions: ['core.products:read'] }) },
  'GET /api/v1/auth/audit-log': { access: 'auth.audit:read', request: at(`${AUTH}/audit-log`) },
  'POST /api/v1/auth/api-keys': {
    access: 'auth.api-keys:manage',
    request: withBody(`${AUTH}/api-keys`, { name: 'sweep key', permissions: ['core.products:read'] }),
  },
  'GET /api/v1/auth/api-keys': { access: 'auth.api-keys:manage', request: at(`${AUTH}/api-keys`) },
  'DELETE /api/v1/auth/api-keys/{id}': { access: 'auth.api-keys:manage', request: (targets) => ({ url: `${AUTH}/api-keys/${targets.apiKeyId}` }) },
  'POST /api/v1/auth/clients': {
    access: 'auth.api-keys:manage',
    request: withBody(`${AUTH}/clients`, { name: 'sweep client', permissions: ['core.products:read'] }),
  },
  'GET /api/v1/auth/clients': { access: 'auth.api-keys:manage', request: at(`${AUTH}/clients`) },
  'DELETE /api/v1/auth/clients/{id}': { access: 'auth.api-keys:manage', request: (targets) => ({ url: `${AUTH}/clients/${targets.clientId}` }) },
};
