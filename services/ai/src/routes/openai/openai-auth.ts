import { assertPermission, type TokenVerifier, UnauthenticatedError } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import { API_KEY_PREFIX, type ApiKeyExchange } from '../../auth/api-key-exchange.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const CREDENTIAL_LENGTH_MAX = 8192;

/**
 * Authenticates a `/v1` request the way OpenAI clients send credentials, `Authorization: Bearer <key>`: the key
 * is either one of the tenant's API keys (`erp_ak_…`, exchanged at the auth service) or an access token. The
 * caller needs `ai.assistant:use`. Sets `request.principal`, so `getPrincipal` works as on any other route.
 */
export function openAiAuthentication(verifier: TokenVerifier, apiKeys: ApiKeyExchange) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const credential = header.length <= CREDENTIAL_LENGTH_MAX ? BEARER.exec(header)?.[1] : undefined;
    if (!credential) throw new UnauthenticatedError('Send your API key or an access token as Authorization: Bearer <key>.');
    request.principal = credential.startsWith(API_KEY_PREFIX) ? await apiKeys.principalOf(credential) : await verifier.verify(credential);
    assertPermission(request, 'ai.assistant:use');
  };
}
