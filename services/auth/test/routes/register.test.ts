import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, registration, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
});
afterAll(() => auth.close());

const register = (payload: unknown) => auth.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: payload as object });

async function asAdmin<T>(query: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: auth.database.adminUrl });
  await client.connect();
  try {
    return (await client.query(query, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('POST /api/v1/auth/register', () => {
  it('should create the tenant, its built-in roles and the first user as admin with an argon2id hash', async () => {
    const body = registration({ company_name: 'Acme GmbH' });

    const response = await register(body);

    expect(response.statusCode).toBe(201);
    const { tenant_id: tenantId, user_id: userId, roles } = response.json();
    expect(roles).toEqual(['admin']);
    const seeded = await asAdmin<{ name: string }>('select name from auth.role where tenant_id = $1 order by name', [tenantId]);
    expect(seeded.map((role) => role.name)).toEqual(['accountant', 'admin', 'auditor', 'sales', 'viewer', 'warehouse']);
    const [user] = await asAdmin<{ password_hash: string }>('select password_hash from auth.app_user where tenant_id = $1 and id = $2', [tenantId, userId]);
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
    const [logged] = await asAdmin<{ action: string }>('select action from auth.audit_log where tenant_id = $1', [tenantId]);
    expect(logged?.action).toBe('tenant.registered');
  });

  it('should answer 422 naming each broken rule when the password is weak', async () => {
    const body = registration({ password: 'aaaa' });

    const response = await register(body);

    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'AUTH_WEAK_PASSWORD', status: 422 });
    expect(response.json().errors.map((error: { detail: string }) => error.detail.split(':')[0])).toEqual(['min_length', 'character_classes']);
  });

  it('should answer 422 when the password equals the e-mail address', async () => {
    const response = await register(registration({ email: 'Same-As-1234@example.com', password: 'same-as-1234@example.com' }));

    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ pointer: '/password', detail: expect.stringMatching(/^equals_email/) }]);
  });

  it.each([
    ['an oversized company name', registration({ company_name: 'x'.repeat(201) })],
    ['an invalid e-mail address', registration({ email: 'not-an-address' })],
    ['an oversized password', registration({ password: `Aa1${'x'.repeat(300)}` })],
    ['a blank company name', registration({ company_name: '   ' })],
    ['a missing field', { email: 'a@example.com', password: 'Correct-Horse-1' }],
  ])('should answer 400 with a problem document for %s', async (_name, payload) => {
    const response = await register(payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED', status: 400 });
  });

  it('should refuse unknown properties with 400 naming them, and register nothing', async () => {
    const body = { ...registration(), roles: ['superuser'], tenant_id: '00000000-0000-4000-8000-000000000000' };

    const response = await register(body);

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('KIT_VALIDATION_FAILED');
    expect(response.json().errors.length).toBeGreaterThan(0);
    const login = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } });
    expect(login.statusCode).toBe(401);
  });

  it('should answer 429 with Retry-After once an address has used its hourly registrations', async () => {
    const ip = '192.0.2.50';
    await auth.db.kysely
      .insertInto('login_throttle')
      .values({ key: `register:${ip}`, failures: 999, last_failure_at: new Date(), blocked_until: null })
      .execute();
    const last = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: registration(), remoteAddress: ip });

    const refused = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: registration(), remoteAddress: ip });

    expect(last.statusCode).toBe(201);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('AUTH_REGISTRATION_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
  });

  it('should answer 400 for malformed JSON', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"company_name":',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('KIT_MALFORMED_JSON');
  });

  it('should leave no tenant and no role behind when the transaction fails midway', async () => {
    // A trigger makes the user insert (after tenant and roles) fail, as a crash midway would.
    await asAdmin("create or replace function auth.refuse_user() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$");
    await asAdmin("create trigger refuse_user before insert on auth.app_user for each row when (new.email like 'midway%') execute function auth.refuse_user()");
    const before = await asAdmin<{ count: string }>('select count(*) from auth.tenant');

    const response = await register(registration({ email: 'midway@example.com', company_name: 'Midway Ltd' }));

    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'KIT_INTERNAL' });
    expect(await asAdmin('select count(*) from auth.tenant')).toEqual(before);
    expect(await asAdmin("select * from auth.tenant where name = 'Midway Ltd'")).toEqual([]);
    expect(await asAdmin('select * from auth.role where tenant_id not in (select id from auth.tenant)')).toEqual([]);
  });
});
