import type { ServiceApp } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { type Account, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';
import { Browser, signInAtProvider } from './browser.js';
import { startTestProvider, type TestProvider } from './provider.js';

export const UI_REDIRECT = 'http://ui.example.test/sso/done';

export interface SsoFixture {
  auth: TestAuth;
  /** The auth service's base URL; it listens on a real port so the provider can redirect to it. */
  baseUrl: string;
  provider: TestProvider;
  tenants: Array<Account & { adminToken: string }>;
  close(): Promise<void>;
}

export function callbackUri(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/api/v1/auth/sso/${tenantId}/callback`;
}

/** The auth service on a port, `tenantCount` registered companies and a provider that knows their callbacks. */
export async function startSsoFixture(adminUrl: string, tenantCount: number, providerOptions: { claimsInIdToken?: boolean } = {}): Promise<SsoFixture> {
  const auth = await buildTestApp(adminUrl, { SSO_ALLOW_HTTP: 'true' });
  const port = await freePort();
  await auth.app.listen({ port, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${port}`;
  const tenants = [];
  for (let index = 0; index < tenantCount; index += 1) {
    const account = await registerTenant(auth.app);
    tenants.push({ ...account, adminToken: (await loginAs(auth.app, account)).access_token });
  }
  const provider = await startTestProvider(
    tenants.map((tenant) => callbackUri(baseUrl, tenant.tenantId)),
    providerOptions,
  );
  return {
    auth,
    baseUrl,
    provider,
    tenants,
    close: async () => {
      await provider.close();
      await auth.close();
    },
  };
}

/** A valid settings body for `tenantId` at the fixture's provider; pass fields to override. */
export function ssoSettings(fixture: SsoFixture, tenantId: string, overrides: Record<string, unknown> = {}) {
  return {
    issuer: fixture.provider.issuer,
    client_id: fixture.provider.clientId,
    client_secret: fixture.provider.clientSecret,
    redirect_uri: callbackUri(fixture.baseUrl, tenantId),
    ui_redirect_uri: UI_REDIRECT,
    allowed_domains: ['example.com'],
    default_roles: ['viewer'],
    role_claim: 'groups',
    role_mappings: [{ value: 'erp-sales', role: 'sales' }],
    auto_provision: true,
    ...overrides,
  };
}

/** Sets the tenant's SSO settings as its admin; throws on anything but 200. */
export async function configureSso(app: ServiceApp, adminToken: string, settings: Record<string, unknown>): Promise<void> {
  const response = await app.inject({ method: 'PUT', url: '/api/v1/auth/sso', headers: bearer(adminToken), payload: settings });
  if (response.statusCode !== 200) throw new Error(`SSO configuration failed: ${response.body}`);
}

/** Starts a login in `browser` and signs in at the provider; returns the callback URL the provider chose. */
export async function reachCallback(
  fixture: SsoFixture,
  browser: Browser,
  tenantId: string,
  accountId: string,
  options: { abort?: boolean } = {},
): Promise<URL> {
  const start = await browser.get(`${fixture.baseUrl}/api/v1/auth/sso/${tenantId}/start`);
  if (start.status !== 302) throw new Error(`SSO start failed: ${start.status} ${await start.text()}`);
  return signInAtProvider(browser, new URL(start.headers.get('location') ?? ''), accountId, options);
}

/** The whole login up to the callback's answer (not followed). */
export async function ssoLogin(fixture: SsoFixture, tenantId: string, accountId: string): Promise<{ browser: Browser; callback: URL; response: Response }> {
  const browser = new Browser();
  const callback = await reachCallback(fixture, browser, tenantId, accountId);
  return { browser, callback, response: await browser.get(callback) };
}

/** Trades the one-time code of a successful callback answer for tokens. */
export async function exchangeCode(fixture: SsoFixture, callbackResponse: Response): Promise<globalThis.Response> {
  const code = new URL(callbackResponse.headers.get('location') ?? '').searchParams.get('code') ?? '';
  return fetch(`${fixture.baseUrl}/api/v1/auth/sso/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
}
