import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, bearer, createUserAs } from '../helpers.js';
import { configureSso, exchangeCode, type SsoFixture, ssoLogin, ssoSettings, startSsoFixture } from './setup.js';

let fixture: SsoFixture;
let tenant: SsoFixture['tenants'][number];
beforeAll(async () => {
  fixture = await startSsoFixture(inject('adminUrl'), 1);
  [tenant] = fixture.tenants as [typeof tenant];
});
afterAll(() => fixture.close());

describe('accounts at the SSO login', () => {
  it('should refuse a disabled user with AUTH_SSO_USER_DISABLED and audit it', async () => {
    await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId));
    const user = await createUserAs(fixture.auth.app, tenant.adminToken, ['viewer'], 'disabled-user@example.com');
    await fixture.auth.app.inject({ method: 'POST', url: `/api/v1/auth/users/${user.id}/disable`, headers: bearer(tenant.adminToken) });
    fixture.provider.setAccount('disabled', { email: 'disabled-user@example.com', email_verified: true });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'disabled');

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_USER_DISABLED' });
    expect(await auditEntries(fixture.auth, tenant.tenantId, 'sso.login_refused')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'user_disabled' }) }),
    );
  });

  it('should refuse an unknown address when automatic provisioning is off, and create no user', async () => {
    await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId, { auto_provision: false }));
    fixture.provider.setAccount('stranger', { email: 'stranger@example.com', email_verified: true });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'stranger');

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_EMAIL_NOT_ALLOWED', detail: expect.stringMatching(/provisioning is off/) });
    const users = await fixture.auth.app.inject({ method: 'GET', url: '/api/v1/auth/users', headers: bearer(tenant.adminToken) });
    expect((users.json() as { items: Array<{ email: string }> }).items.map((item) => item.email)).not.toContain('stranger@example.com');
  });

  it('should still log in an existing user when automatic provisioning is off', async () => {
    await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId, { auto_provision: false }));
    fixture.provider.setAccount('known', { email: tenant.email, email_verified: true });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'known');
    const exchange = await exchangeCode(fixture, response);

    expect(exchange.status).toBe(200);
    expect(await exchange.json()).toMatchObject({ token_type: 'Bearer', refresh_token: expect.stringMatching(new RegExp(`^${tenant.tenantId}\\.`)) });
  });

  it('should give a provisioned user only the default roles when the provider sends no groups', async () => {
    await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId, { default_roles: ['warehouse'] }));
    fixture.provider.setAccount('no-groups', { email: 'no-groups@example.com' });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'no-groups');
    const exchange = await exchangeCode(fixture, response);

    const { access_token: token } = (await exchange.json()) as { access_token: string };
    const me = await fixture.auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ roles: ['warehouse'] });
  });
});
