import { REFUSING_URL } from '@erp/kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startGateway } from '../helpers.js';
import { sharedIssuer } from '../token-issuer.js';
import { fakeUser, graphql, problem, startGraphqlGateway, userId } from './fake-auth.js';

let system: Awaited<ReturnType<typeof startGraphqlGateway>>;
let url: string;

beforeAll(async () => {
  system = await startGraphqlGateway(inject('adminUrl'));
  url = system.gateway.url;
});
beforeEach(() => {
  system.auth.reset();
  system.auth.users.splice(0, system.auth.users.length, fakeUser(1), fakeUser(2));
  system.auth.auditLog.splice(0, system.auth.auditLog.length, {
    id: '2',
    actor_id: userId(2),
    action: 'role.created',
    details: { name: 'auditor' },
    ip: null,
    at: '2026-01-01T00:00:00.000Z',
  });
});
afterAll(async () => {
  await system.close();
});

describe('POST /graphql authentication', () => {
  it('should answer 401 as a problem document with a Bearer challenge and call no service without a token', async () => {
    const answer = await graphql(url, { query: '{ me { id } }' }, { token: null });

    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="erp"');
    expect(answer.body).toMatchObject({ status: 401, code: 'KIT_UNAUTHENTICATED', instance: '/graphql' });
    expect(system.auth.seen).toEqual([]);
  });

  it('should answer 401 for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await (await sharedIssuer()).token({ iat: now - 900, exp: now - 300 });

    const answer = await graphql(url, { query: '{ me { id } }' }, { token });

    expect(answer.status).toBe(401);
    expect(system.auth.seen).toEqual([]);
  });
});

describe('POST /graphql errors from problem documents', () => {
  it('should turn a 403 of one field into a GraphQL error with the problem and still resolve the other fields', async () => {
    system.auth.force('GET /api/v1/auth/roles', { status: 403, body: problem(403, 'AUTH_PERMISSION_DENIED', 'You lack the permission auth.users:read.') });

    const answer = await graphql(url, { query: '{ me { email } roles { name } }' });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { me: { email: 'user001@example.com' }, roles: null },
      errors: [
        {
          message: 'You lack the permission auth.users:read.',
          locations: [{ line: 1, column: 16 }],
          path: ['roles'],
          extensions: { code: 'AUTH_PERMISSION_DENIED', status: 403, type: 'urn:erp:problem:auth_permission_denied' },
        },
      ],
    });
  });

  it('should keep the audit entries when their actors cannot be loaded, with one error per actor at its path', async () => {
    system.auth.auditLog.push({ id: '1', actor_id: userId(1), action: 'user.created', details: {}, ip: null, at: '2026-01-01T00:00:00.000Z' });
    system.auth.force('GET /api/v1/auth/users', { status: 403, body: problem(403, 'KIT_FORBIDDEN', 'This route needs the permission auth.users:read.') });

    const answer = await graphql(url, { query: '{ auditLog { items { id actor { email } } } }' });

    expect(answer.body.data).toEqual({
      auditLog: {
        items: [
          { id: '2', actor: null },
          { id: '1', actor: null },
        ],
      },
    });
    expect(answer.body.errors.map((error: { path: unknown[] }) => error.path)).toEqual([
      ['auditLog', 'items', 0, 'actor'],
      ['auditLog', 'items', 1, 'actor'],
    ]);
    expect(answer.body.errors[0]).toMatchObject({
      message: 'This route needs the permission auth.users:read.',
      extensions: { code: 'KIT_FORBIDDEN', status: 403 },
    });
    expect(system.auth.count('GET /api/v1/auth/users')).toBe(1);
  });

  it("should pass a problem's per-field errors on in extensions", async () => {
    const errors = [{ pointer: '/limit', detail: 'must be <= 200' }];
    system.auth.force('GET /api/v1/auth/users', {
      status: 400,
      body: problem(400, 'KIT_VALIDATION_FAILED', 'The request querystring does not match the schema.', errors),
    });

    const answer = await graphql(url, { query: '{ users(limit: 500) { items { id } } }' });

    expect(answer.body.data).toEqual({ users: null });
    expect(answer.body.errors[0]).toMatchObject({ path: ['users'], extensions: { code: 'KIT_VALIDATION_FAILED', status: 400, errors } });
  });

  it('should answer GW_UPSTREAM_BAD_RESPONSE for an error that is not a problem document', async () => {
    system.auth.force('GET /api/v1/auth/me', { status: 500, contentType: 'text/html', body: '<html>Internal Server Error at /srv/app.js:12</html>' });

    const answer = await graphql(url, { query: '{ me { id } }' });

    expect(answer.body.data).toEqual({ me: null });
    expect(answer.body.errors[0].extensions).toEqual({ code: 'GW_UPSTREAM_BAD_RESPONSE', status: 502 });
    expect(JSON.stringify(answer.body)).not.toContain('/srv/app.js');
  });

  it('should answer GW_UPSTREAM_TIMEOUT when the service does not answer within the upstream timeout', async () => {
    system.auth.force('GET /api/v1/auth/me', { status: 200, contentType: 'application/json', body: { id: 'late' }, delayMs: 600 });
    const gateway = await startGateway(system.database.adminUrl, { auth: system.auth.url }, { UPSTREAM_TIMEOUT_MS: '300' });

    try {
      const answer = await graphql(gateway.url, { query: '{ me { id } }' });

      expect(answer.body.errors[0]).toMatchObject({ path: ['me'], extensions: { code: 'GW_UPSTREAM_TIMEOUT', status: 504 } });
    } finally {
      await gateway.close();
    }
  });

  it('should hide a fault of the gateway behind GRAPHQL_INTERNAL with the request id, and keep the path', async () => {
    system.auth.force('GET /api/v1/auth/me', {
      status: 200,
      contentType: 'application/json',
      body: { ...fakeUser(1), tenant_id: 't', permissions: [], status: 'frozen' },
    });

    const answer = await graphql(url, { query: '{ me { status } }' }, { headers: { 'x-request-id': 'req-internal-1' } });

    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      {
        message: 'An unexpected error occurred while resolving this field. Quote request id req-internal-1 when reporting it.',
        locations: [{ line: 1, column: 8 }],
        path: ['me', 'status'],
        extensions: { code: 'GRAPHQL_INTERNAL', status: 500 },
      },
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/FROZEN|frozen|Enum|at .*\.js/);
  });
});

describe('POST /graphql when the service cannot be reached', () => {
  it('should answer GW_UPSTREAM_UNAVAILABLE for a refused connection, with a null field', async () => {
    const closed = REFUSING_URL;
    const gateway = await startGateway(system.database.adminUrl, { auth: closed });

    try {
      const answer = await graphql(gateway.url, { query: '{ me { id } }' });

      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ me: null });
      expect(answer.body.errors[0]).toMatchObject({
        message: expect.stringContaining('The auth service did not answer'),
        path: ['me'],
        extensions: { code: 'GW_UPSTREAM_UNAVAILABLE', status: 502 },
      });
    } finally {
      await gateway.close();
    }
  });

  it('should answer GW_NO_UPSTREAM when no instance of the service is known', async () => {
    const gateway = await startGateway(system.database.adminUrl, {});

    try {
      const answer = await graphql(gateway.url, { query: '{ me { id } }' });

      expect(answer.body.errors[0].extensions).toEqual({ code: 'GW_NO_UPSTREAM', status: 503 });
    } finally {
      await gateway.close();
    }
  });
});
