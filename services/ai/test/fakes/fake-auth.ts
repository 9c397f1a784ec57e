import { createServer } from 'node:http';
import type { Permission } from '@erp/contracts';
import { freePort, type TestTokenClaims } from '@erp/kit/testing';

export interface FakeAuth {
  readonly url: string;
  /** How many token requests arrived. */
  readonly exchanges: () => number;
  /** Makes a key the fake accepts, for a tenant and permissions. */
  issueKey(tenantId: string, permissions: Permission[]): string;
  close(): Promise<void>;
}

/**
 * Stands in for the auth service's token endpoint (`POST /api/v1/auth/oauth/token`) as its README describes it:
 * a form with `grant_type=urn:erp:params:oauth:grant-type:api-key` and `api_key`, answered with an access token
 * (`sub` = `apikey:<id>`, the key's permissions, signed by `sign`) or RFC 6749's `{ error: "invalid_grant" }` with 400.
 */
export async function startFakeAuth(sign: (claims: TestTokenClaims) => Promise<string>): Promise<FakeAuth> {
  const keys = new Map<string, { tenantId: string; permissions: Permission[] }>();
  let exchanges = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      exchanges += 1;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const grant = keys.get(form.get('api_key') ?? '');
      const valid = request.url === '/api/v1/auth/oauth/token' && form.get('grant_type') === 'urn:erp:params:oauth:grant-type:api-key' && grant;
      if (!valid) {
        response.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'The API key is unknown, revoked or expired.' }));
        return;
      }
      const accessToken = await sign({ tenantId: grant.tenantId, userId: `apikey:${keys.size}`, permissions: grant.permissions });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 300, scope: grant.permissions.join(' ') }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges: () => exchanges,
    issueKey(tenantId, permissions) {
      const key = `erp_ak_${tenantId}.${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
      keys.set(key, { tenantId, permissions });
      return key;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
