import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { LoginThrottledError } from '../errors.js';
import { login } from '../login.js';
import type { RouteOptions } from './context.js';
import { Email, Password, TokenResponse } from './schemas.js';

// The password was right and the account has an authenticator: send `mfa_token` and a code to POST /login/mfa.
const MfaRequired = Type.Object({ mfa_required: Type.Literal(true), mfa_token: Type.String(), mfa_token_expires_in: Type.Integer() });

const LoginBody = Type.Object(
  { email: Email, password: Password, tenant: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })) },
  { additionalProperties: false },
);

/** `POST /login`: e-mail and password (and the tenant when the address has accounts in several) for tokens. */
export async function loginRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/login', { schema: { body: LoginBody, response: { 200: Type.Union([TokenResponse, MfaRequired]) } } }, async (request, reply) => {
    const outcome = await login(context, request.body, request.clientIp, new Date());
    if (outcome.kind === 'throttled') {
      // The problem handler keeps headers set before the error, so Retry-After reaches the client.
      reply.header('retry-after', String(outcome.retryAfterS));
      throw new LoginThrottledError(outcome.retryAfterS);
    }
    reply.header('cache-control', 'no-store');
    if (outcome.kind === 'mfa_required') return reply.send({ mfa_required: true, mfa_token: outcome.mfaToken, mfa_token_expires_in: outcome.expiresInS });
    return reply.send(outcome.tokens);
  });
}
