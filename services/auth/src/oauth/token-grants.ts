import { isPermission } from '@erp/contracts';
import { findUsableCredential } from '../api-credentials.js';
import type { ApiCredentialRow } from '../db/api-credentials.js';
import { issueAccessToken } from '../keys/access-tokens.js';
import type { RouteContext } from '../routes/context.js';
import { OAuthError, type TokenRequest } from './token-request.js';

/**
 * The extension grant (RFC 6749 §4.5) that exchanges an API key for an access token. It lives under the
 * service's own `urn:erp:` namespace because `urn:ietf:params:oauth:` names are registered with IANA.
 */
export const API_KEY_GRANT_TYPE = 'urn:erp:params:oauth:grant-type:api-key';

/** The grant types the token endpoint accepts, for the discovery document. */
export const SUPPORTED_GRANT_TYPES = ['client_credentials', API_KEY_GRANT_TYPE];

/** A successful token response (RFC 6749 §5.1); machine tokens come without a refresh token (§4.4.3). */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

async function authenticatedClient(context: RouteContext, request: TokenRequest, now: Date): Promise<ApiCredentialRow> {
  if (!request.client) throw new OAuthError('invalid_client', 'Authenticate the client with HTTP Basic or client_id and client_secret.');
  const row = await findUsableCredential(context, 'client', request.client.clientSecret, now);
  if (!row || row.id !== request.client.clientId.toLowerCase())
    throw new OAuthError('invalid_client', 'The client is unknown, revoked or expired, or its secret is wrong.');
  return row;
}

async function apiKeyCredential(context: RouteContext, request: TokenRequest, now: Date): Promise<ApiCredentialRow> {
  const apiKey = request.parameters.api_key;
  if (!apiKey) throw new OAuthError('invalid_request', 'The parameter api_key is missing.');
  const row = await findUsableCredential(context, 'api_key', apiKey, now);
  if (!row) throw new OAuthError('invalid_grant', 'The API key is unknown, revoked or expired.');
  return row;
}

/** The permissions the token gets: all of the credential's, or the requested `scope` when it is a subset. */
function grantedPermissions(row: ApiCredentialRow, scope: string | undefined): string[] {
  const held: string[] = row.permissions.filter(isPermission);
  if (scope === undefined) return held;
  const requested = [...new Set(scope.split(' ').filter(Boolean))];
  const beyond = requested.find((permission) => !held.includes(permission));
  if (beyond !== undefined || requested.length === 0)
    throw new OAuthError('invalid_scope', `The scope must be permissions this credential holds; ${beyond ?? 'an empty scope'} is not.`);
  return requested.sort();
}

/**
 * Issues a short-lived access token for an OAuth client (`client_credentials`) or an API key
 * ({@link API_KEY_GRANT_TYPE}). The token has `sub` = `client:<id>` or `apikey:<id>`, no roles, and the
 * credential's permissions, so services keep verifying plain JWTs.
 */
export async function exchangeForToken(context: RouteContext, request: TokenRequest, now: Date): Promise<OAuthTokenResponse> {
  let row: ApiCredentialRow;
  let subject: string;
  if (request.grantType === 'client_credentials') {
    row = await authenticatedClient(context, request, now);
    subject = `client:${row.id}`;
  } else if (request.grantType === API_KEY_GRANT_TYPE) {
    row = await apiKeyCredential(context, request, now);
    subject = `apikey:${row.id}`;
  } else {
    throw new OAuthError('unsupported_grant_type', `The grant type ${request.grantType} is not supported; use ${SUPPORTED_GRANT_TYPES.join(' or ')}.`);
  }
  const permissions = grantedPermissions(row, request.parameters.scope);
  const ttlS = context.config.accessTokenTtlS;
  const token = await issueAccessToken(
    context.keys,
    { issuer: context.config.issuer, ttlS },
    { userId: subject, tenantId: row.tenant_id, roles: [], permissions },
    now,
  );
  return { access_token: token, token_type: 'Bearer', expires_in: ttlS, scope: permissions.join(' ') };
}
