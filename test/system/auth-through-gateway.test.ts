import { PROBLEM_CONTENT_TYPE } from '@erp/contracts';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystem } from '../../packages/cli/dist/index.js';

// The real processes of gateway, auth and finance, started the way `erp up` starts them: a client registers,
// logs in and calls services through the gateway only.
type RunningSystem = Awaited<ReturnType<typeof startSystem>>;

let database: TestDatabase;
let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const ports = { gateway: await freePort(), auth: await freePort(), finance: await freePort() };
  // No REDIS_URL or AMQP_URL: a shared Redis would mix this system's registry with other runs'.
  const { REDIS_URL, AMQP_URL, ...env } = process.env;
  system = await startSystem({ env: { ...env, LOG_LEVEL: 'warn' }, databaseUrl: database.adminUrl, services: ['gateway', 'auth', 'finance'], ports });
  gateway = `http://127.0.0.1:${ports.gateway}`;
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await database?.drop();
});

async function call(method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

describe('a client of the running system', () => {
  it('should register, log in, read itself, refresh and be refused without a token, all through the gateway', async () => {
    // 1. Register a company and its admin.
    const registered = await call('POST', '/api/v1/auth/register', {
      body: { company_name: 'Müller GmbH', email: 'chef@mueller.example', password: 'Sichere-Passphrase-2026' },
    });
    expect(registered.status).toBe(201);

    // 2. Log in.
    const login = await call('POST', '/api/v1/auth/login', { body: { email: 'chef@mueller.example', password: 'Sichere-Passphrase-2026' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });

    // 3. The token opens the auth service's own routes...
    const me = await call('GET', '/api/v1/auth/me', { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain('chef@mueller.example');

    // 4. ...and passes the gateway to another service, which answers for itself (no such finance route yet).
    const finance = await call('GET', '/api/v1/finance/nothing-here', { token: login.body.access_token });
    expect(finance.status).toBe(404);
    expect(finance.body.code).toBe('KIT_ROUTE_NOT_FOUND');

    // 5. Without a token the gateway refuses before forwarding; with a forged one too.
    const anonymous = await call('GET', '/api/v1/auth/me');
    const forged = await call('GET', '/api/v1/auth/me', { token: `${login.body.access_token.slice(0, -4)}AAAA` });
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toContain(PROBLEM_CONTENT_TYPE);
    expect(forged.status).toBe(401);

    // 6. The refresh token rotates; the spent one no longer works.
    const refreshed = await call('POST', '/api/v1/auth/token/refresh', { body: { refresh_token: login.body.refresh_token } });
    const reused = await call('POST', '/api/v1/auth/token/refresh', { body: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    expect(reused.status).toBe(401);
  });

  it('should answer a malformed registration with a 4xx problem document from behind the gateway', async () => {
    const response = await call('POST', '/api/v1/auth/register', { body: { company_name: 'x'.repeat(5000), email: 'not-an-email', password: 'short' } });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.type).toContain(PROBLEM_CONTENT_TYPE);
  });
});
