import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { LoginThrottledError } from '../errors.js';
import { login } from '../login.js';
import type { RouteOptions } from './context.js';
import { Email, Password, TokenResponse } from './schemas.js';

const LoginBody = Type.Object(
  { email: Email, password: Password, tenant: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })) },
  { additionalProperties: false },
);

/** `POST /login`: e-mail and password (and the tenant when the address has accounts in several) for tokens. */
export async function loginRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/login', { schema: { body: LoginBody, response: { 200: TokenResponse } } }, async (request, reply) => {
    const outcome = await login(context, request.body, request.clientIp, new Date());
    if (outcome.kind === 'throttled') {
      // The problem handler keeps headers set before the error, so Retry-After reaches the client.
      reply.header('retry-after', String(outcome.retryAfterS));
      throw new LoginThrottledError(outcome.retryAfterS);
    }
    return reply.header('cache-control', 'no-store').send(outcome.tokens);
  });
}
