import type { ServiceApp } from '@erp/kit';
import type { FastifyError, FastifyReply } from 'fastify';
import Type from 'typebox';
import { exchangeForToken } from '../oauth/token-grants.js';
import { OAuthError, parseForm, parseTokenRequest } from '../oauth/token-request.js';
import type { RouteOptions } from './context.js';

const OAuthTokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});
// A token request is a handful of short parameters.
const BODY_LIMIT_BYTES = 16_384;

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  // RFC 6749 §5.2: a failed client authentication through the Authorization header gets a Basic challenge.
  if (error.error === 'invalid_client' && reply.request.headers.authorization !== undefined) reply.header('www-authenticate', 'Basic realm="erp"');
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error: error.error, error_description: error.description });
}

/**
 * `POST /oauth/token` (RFC 6749): the client credentials grant and the API key grant, form-encoded as the RFC
 * requires or as JSON. Every refusal here is an RFC 6749 §5.2 error object (`error`, `error_description`)
 * rather than a problem document, because OAuth client libraries parse exactly that; a failure that is not
 * the client's fault still goes to the service's problem handler.
 */
export async function oauthTokenRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, parseForm(String(body)));
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(reply, error);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendOAuthError(reply, new OAuthError('invalid_request', 'The request body is malformed, too large or of an unsupported content type.'));
    }
    throw error;
  });

  app.post('/oauth/token', { bodyLimit: BODY_LIMIT_BYTES, schema: { response: { 200: OAuthTokenResponse } } }, async (request, reply) => {
    const tokenRequest = parseTokenRequest(request.body, request.headers.authorization);
    const tokens = await exchangeForToken(context, tokenRequest, new Date());
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(tokens);
  });
}
