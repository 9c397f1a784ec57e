import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RESET_REQUESTED_EVENT, type ResetRequestedData } from '../../src/password-changes.js';
import { type Account, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'), { LOGIN_FREE_ATTEMPTS: '2', LOGIN_DELAY_BASE_MS: '30000' });
});
afterAll(() => auth.close());

const NEW_PASSWORD = 'Brand-New-Password-42';
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  auth.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, payload, headers });
const login = (email: string, password: string) => post('/login', { email, password });

async function resetEvents(account: Account): Promise<ResetRequestedData[]> {
  const { rows } = await withTenant(auth.db.kysely, account.tenantId, (trx) =>
    sql<{ data: ResetRequestedData }>`select data from outbox where type = ${RESET_REQUESTED_EVENT} and tenant_id = ${account.tenantId} order by seq`.execute(
      trx,
    ),
  );
  return rows.map((row) => row.data);
}

describe('POST /api/v1/auth/password', () => {
  it('should change the password, end other sessions, and accept only the new password', async () => {
    const account = await registerTenant(auth.app);
    const tokens = await loginAs(auth.app, account);

    const response = await post('/password', { current_password: account.password, new_password: NEW_PASSWORD }, bearer(tokens.access_token));

    expect(response.statusCode).toBe(204);
    expect((await login(account.email, account.password)).statusCode).toBe(401);
    expect((await login(account.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await post('/token/refresh', { refresh_token: tokens.refresh_token })).statusCode).toBe(401);
  });

  it('should answer 403 for a wrong current password and 429 once the account is throttled', async () => {
    const account = await registerTenant(auth.app);
    const token = (await loginAs(auth.app, account)).access_token;
    const change = () => post('/password', { current_password: 'Wrong-Password-1', new_password: NEW_PASSWORD }, bearer(token));

    const statuses = [(await change()).statusCode, (await change()).statusCode];
    const throttled = await change();

    expect(statuses).toEqual([403, 403]);
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('should answer 422 for a weak new password and 401 without a token', async () => {
    const account = await registerTenant(auth.app);
    const token = (await loginAs(auth.app, account)).access_token;

    const weak = await post('/password', { current_password: account.password, new_password: 'short' }, bearer(token));
    const anonymous = await post('/password', { current_password: account.password, new_password: NEW_PASSWORD });

    expect(weak.json()).toMatchObject({ status: 422, code: 'AUTH_WEAK_PASSWORD' });
    expect(weak.json().errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/new_password', '/new_password']);
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('should write the reset token as an outbox event and let it set a new password exactly once', async () => {
    const account = await registerTenant(auth.app);

    const requested = await post('/password/reset-request', { email: account.email });
    const [event] = await resetEvents(account);
    const reset = await post('/password/reset', { token: event?.reset_token ?? '', new_password: NEW_PASSWORD });
    const again = await post('/password/reset', { token: event?.reset_token ?? '', new_password: 'Another-Password-77' });

    expect(requested.statusCode).toBe(202);
    expect(event).toMatchObject({ user_id: account.userId, email: account.email });
    expect(reset.statusCode).toBe(204);
    expect(again.json()).toMatchObject({ status: 400, code: 'AUTH_RESET_TOKEN_INVALID' });
    expect((await login(account.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('should send at most five reset mails per address and hour, answering 202 every time', async () => {
    const account = await registerTenant(auth.app);

    const statuses = [];
    for (let request = 0; request < 7; request += 1) statuses.push((await post('/password/reset-request', { email: account.email })).statusCode);

    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 202]);
    expect(await resetEvents(account)).toHaveLength(5);
  });

  it('should answer 202 and write nothing for an unknown address', async () => {
    const { rows: before } = await sql<{ count: string }>`select count(*) from outbox`.execute(auth.db.kysely);

    const response = await post('/password/reset-request', { email: 'nobody-here@example.com' });

    expect(response.statusCode).toBe(202);
    expect((await sql<{ count: string }>`select count(*) from outbox`.execute(auth.db.kysely)).rows).toEqual(before);
  });

  it('should refuse an expired, a forged or a malformed reset token', async () => {
    const account = await registerTenant(auth.app);
    await post('/password/reset-request', { email: account.email });
    const [event] = await resetEvents(account);
    await withTenant(auth.db.kysely, account.tenantId, (trx) =>
      trx
        .updateTable('password_reset')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .execute(),
    );
    const [, secret] = (event?.reset_token ?? '').split('.');

    const statuses = await Promise.all(
      [event?.reset_token ?? '', `00000000-0000-4000-8000-000000000000.${secret}`, 'garbage'].map(
        async (token) => (await post('/password/reset', { token, new_password: NEW_PASSWORD })).statusCode,
      ),
    );

    expect(statuses).toEqual([400, 400, 400]);
    expect((await login(account.email, account.password)).statusCode).toBe(200);
  });

  it('should not let a token of tenant A reset a password in tenant B', async () => {
    const email = `twice-${Date.now()}@example.com`;
    const a = await registerTenant(auth.app, { email });
    const b = await registerTenant(auth.app, { email });

    await post('/password/reset-request', { email, tenant: a.tenantId });
    const [event] = await resetEvents(a);
    await post('/password/reset', { token: event?.reset_token ?? '', new_password: NEW_PASSWORD });

    expect(await resetEvents(b)).toEqual([]);
    expect((await post('/login', { email, password: NEW_PASSWORD, tenant: b.tenantId })).statusCode).toBe(401);
    expect((await post('/login', { email, password: NEW_PASSWORD, tenant: a.tenantId })).statusCode).toBe(200);
  });
});
