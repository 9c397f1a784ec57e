import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer } from '../helpers.js';
import { configureSso, exchangeCode, type SsoFixture, ssoLogin, ssoSettings, startSsoFixture } from './setup.js';

let fixture: SsoFixture;
let tenant: SsoFixture['tenants'][number];
beforeAll(async () => {
  fixture = await startSsoFixture(inject('adminUrl'), 1, { claimsInIdToken: false });
  [tenant] = fixture.tenants as [typeof tenant];
  await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId));
});
afterAll(() => fixture.close());

describe('the SSO login with a provider that keeps the e-mail out of the ID token', () => {
  it('should read the e-mail and groups from the userinfo endpoint and provision the user', async () => {
    fixture.provider.setAccount('strict', { email: 'strict@example.com', email_verified: true, groups: ['erp-sales'] });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'strict');
    const exchange = await exchangeCode(fixture, response);

    expect(exchange.status).toBe(200);
    const { access_token: token } = (await exchange.json()) as { access_token: string };
    const me = await fixture.auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ email: 'strict@example.com', roles: ['sales', 'viewer'] });
  });

  it('should still refuse an address the userinfo endpoint marks as unverified', async () => {
    fixture.provider.setAccount('strict-unverified', { email: 'strict-unverified@example.com', email_verified: false });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'strict-unverified');

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_EMAIL_NOT_ALLOWED', detail: expect.stringMatching(/not verified/) });
  });
});
