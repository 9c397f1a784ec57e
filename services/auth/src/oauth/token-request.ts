/** The error codes of RFC 6749 §5.2 this endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';

/**
 * A refusal of the token endpoint. RFC 6749 §5.2 prescribes its JSON body (`error`, `error_description`), so
 * it is answered as such rather than as a problem document.
 */
export class OAuthError extends Error {
  readonly status: 400 | 401;
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.status = error === 'invalid_client' ? 401 : 400;
  }
}

/** Client authentication of a request (RFC 6749 §2.3.1): HTTP Basic, or `client_id` and `client_secret` in the body. */
export interface ClientAuthentication {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
}

/** A token request reduced to its grant type, its string parameters and the client's credentials, if any. */
export interface TokenRequest {
  readonly grantType: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly client: ClientAuthentication | undefined;
}

const PARAMETER_LENGTH_MAX = 2000;

/**
 * Parses an `application/x-www-form-urlencoded` body. A repeated parameter becomes an array, so that the
 * request can be refused as RFC 6749 §3.2 demands instead of one value silently winning.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const parameters: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return parameters;
}

function stringParameters(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new OAuthError('invalid_request', 'Send the parameters as a form (application/x-www-form-urlencoded) or a JSON object.');
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `The parameter ${name} must be given once, as a string.`);
    if (value.length > PARAMETER_LENGTH_MAX) throw new OAuthError('invalid_request', `The parameter ${name} is too long.`);
    parameters[name] = value;
  }
  return parameters;
}

// Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1), so "+" stands for a space.
function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

function basicCredentials(header: string): ClientAuthentication {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthError('invalid_client', 'The Authorization header must be HTTP Basic with client_id:client_secret.');
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)), method: 'client_secret_basic' };
  } catch {
    throw new OAuthError('invalid_client', 'The client credentials in the Authorization header are not form-urlencoded.');
  }
}

function clientAuthentication(parameters: Record<string, string>, authorization: string | undefined): ClientAuthentication | undefined {
  const inBody = parameters.client_secret !== undefined;
  if (authorization !== undefined && inBody)
    throw new OAuthError('invalid_request', 'Authenticate the client one way only: the Authorization header or client_secret, not both.');
  if (authorization !== undefined) return basicCredentials(authorization);
  if (!inBody) return undefined;
  return { clientId: parameters.client_id ?? '', clientSecret: parameters.client_secret ?? '', method: 'client_secret_post' };
}

/** Reads a token request from its body (form or JSON) and `Authorization` header; throws {@link OAuthError}. */
export function parseTokenRequest(body: unknown, authorization: string | undefined): TokenRequest {
  const parameters = stringParameters(body ?? {});
  const grantType = parameters.grant_type;
  if (!grantType) throw new OAuthError('invalid_request', 'The parameter grant_type is missing.');
  return { grantType, parameters, client: clientAuthentication(parameters, authorization) };
}
