import type { ServiceApp } from '@erp/kit';
import { bearer } from './helpers.js';

export const API_KEY_GRANT = 'urn:erp:params:oauth:grant-type:api-key';

export interface CreatedCredential {
  id: string;
  name: string;
  permissions: string[];
  expires_at: string | null;
  key?: string;
  client_id?: string;
  client_secret?: string;
}

/** Creates an API key (`/api-keys`) or an OAuth client (`/clients`) with `body`; throws on anything but 201. */
export async function createCredential(app: ServiceApp, token: string, path: '/api-keys' | '/clients', body: object): Promise<CreatedCredential> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/auth${path}`, headers: bearer(token), payload: { name: 'Integration', ...body } });
  if (response.statusCode !== 201) throw new Error(`credential creation failed: ${response.body}`);
  return response.json() as CreatedCredential;
}

/** A form-encoded token request, as RFC 6749 clients send it. */
export function tokenRequest(app: ServiceApp, parameters: Record<string, string>, headers: Record<string, string> = {}, url = '/api/v1/auth/oauth/token') {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(parameters).toString(),
  });
}

export function basicAuthorization(clientId: string, clientSecret: string): Record<string, string> {
  const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
  return { authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}` };
}
