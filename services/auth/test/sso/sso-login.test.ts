import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, bearer } from '../helpers.js';
import { Browser } from './browser.js';
import { configureSso, exchangeCode, reachCallback, type SsoFixture, ssoLogin, ssoSettings, startSsoFixture, UI_REDIRECT } from './setup.js';

let fixture: SsoFixture;
let tenant: SsoFixture['tenants'][number];
let otherTenant: SsoFixture['tenants'][number];
beforeAll(async () => {
  fixture = await startSsoFixture(inject('adminUrl'), 2);
  [tenant, otherTenant] = fixture.tenants as [typeof tenant, typeof tenant];
  await configureSso(fixture.auth.app, tenant.adminToken, ssoSettings(fixture, tenant.tenantId));
});
afterAll(() => fixture.close());

async function me(accessToken: string): Promise<{ id: string; roles: string[] }> {
  const response = await fixture.auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(accessToken) });
  return response.json() as { id: string; roles: string[] };
}

describe('GET /api/v1/auth/sso/:tenant/start', () => {
  it('should redirect to the provider with state, nonce and an S256 PKCE challenge', async () => {
    const response = await new Browser().get(`${fixture.baseUrl}/api/v1/auth/sso/${tenant.tenantId}/start`);

    const location = new URL(response.headers.get('location') ?? '');
    expect(response.status).toBe(302);
    expect(location.origin).toBe(fixture.provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: fixture.provider.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(response.headers.get('set-cookie')).toMatch(/^erp_sso_state=[A-Za-z0-9_-]{43};.*HttpOnly; SameSite=Lax/);
  });
});

describe('the SSO login through a real OpenID Connect provider', () => {
  it('should log in the existing user of the e-mail address when the provider confirms it', async () => {
    fixture.provider.setAccount('existing-admin', { email: tenant.email.toUpperCase(), email_verified: true });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'existing-admin');
    const exchange = await exchangeCode(fixture, response);

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${UI_REDIRECT}\\?code=${tenant.tenantId}\\.`));
    expect(exchange.status).toBe(200);
    const tokens = (await exchange.json()) as { access_token: string; refresh_token: string };
    expect((await me(tokens.access_token)).id).toBe(tenant.userId);
    expect(await auditEntries(fixture.auth, tenant.tenantId, 'sso.login_succeeded')).toContainEqual(
      expect.objectContaining({ actor_id: tenant.userId, details: expect.objectContaining({ provisioned: false }) }),
    );
  });

  it('should provision a new user with the default and the mapped roles when the address is unknown', async () => {
    fixture.provider.setAccount('new-seller', { email: 'new-seller@example.com', email_verified: true, groups: ['erp-sales', 'unmapped'] });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'new-seller');
    const exchange = await exchangeCode(fixture, response);

    expect(exchange.status).toBe(200);
    const caller = await me(((await exchange.json()) as { access_token: string }).access_token);
    expect(caller.roles).toEqual(['sales', 'viewer']);
    expect(await auditEntries(fixture.auth, tenant.tenantId, 'sso.user_provisioned')).toContainEqual(
      expect.objectContaining({ actor_id: caller.id, details: expect.objectContaining({ email: 'new-seller@example.com', roles: ['sales', 'viewer'] }) }),
    );
  });

  it('should refuse an address whose domain is not allowed, with a 403 problem, and audit it', async () => {
    fixture.provider.setAccount('outsider', { email: 'eve@elsewhere.test', email_verified: true });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'outsider');

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_EMAIL_NOT_ALLOWED' });
    expect(await auditEntries(fixture.auth, tenant.tenantId, 'sso.login_refused')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'domain_not_allowed', email: 'eve@elsewhere.test' }) }),
    );
  });

  it('should refuse an address the provider marks as unverified', async () => {
    fixture.provider.setAccount('unverified', { email: 'unverified@example.com', email_verified: false });

    const { response } = await ssoLogin(fixture, tenant.tenantId, 'unverified');

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_EMAIL_NOT_ALLOWED', detail: expect.stringMatching(/not verified/) });
  });

  it('should refuse a replayed state even when the browser still sends its cookie', async () => {
    fixture.provider.setAccount('replayer', { email: tenant.email, email_verified: true });
    const browser = new Browser();
    const callback = await reachCallback(fixture, browser, tenant.tenantId, 'replayer');
    const cookie = `erp_sso_state=${callback.searchParams.get('state')}`;
    const first = await fetch(callback, { headers: { cookie }, redirect: 'manual' });

    const replay = await fetch(callback, { headers: { cookie }, redirect: 'manual' });

    expect(first.status).toBe(302);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'AUTH_SSO_STATE_INVALID' });
  });

  it('should refuse a callback from a browser that did not start the login', async () => {
    fixture.provider.setAccount('forwarded', { email: tenant.email, email_verified: true });
    const callback = await reachCallback(fixture, new Browser(), tenant.tenantId, 'forwarded');

    const response = await new Browser().get(callback);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_STATE_INVALID' });
  });

  it("should refuse tenant A's state at tenant B's callback", async () => {
    await configureSso(fixture.auth.app, otherTenant.adminToken, ssoSettings(fixture, otherTenant.tenantId));
    fixture.provider.setAccount('crossing', { email: tenant.email, email_verified: true });
    const browser = new Browser();
    const callback = await reachCallback(fixture, browser, tenant.tenantId, 'crossing');

    const response = await browser.get(callback.href.replace(tenant.tenantId, otherTenant.tenantId));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_STATE_INVALID' });
  });

  it('should answer a provider error with a 400 problem when the user cancels at the provider', async () => {
    const browser = new Browser();
    const callback = await reachCallback(fixture, browser, tenant.tenantId, 'nobody', { abort: true });

    const response = await browser.get(callback);

    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'AUTH_SSO_PROVIDER_ERROR', detail: expect.stringMatching(/access_denied/) });
  });

  it('should exchange a one-time code only once', async () => {
    fixture.provider.setAccount('twice', { email: tenant.email, email_verified: true });
    const { response } = await ssoLogin(fixture, tenant.tenantId, 'twice');
    const first = await exchangeCode(fixture, response);

    const second = await exchangeCode(fixture, response);

    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ code: 'AUTH_SSO_CODE_INVALID' });
  });
});
