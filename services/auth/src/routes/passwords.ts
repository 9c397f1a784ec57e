import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { LoginThrottledError } from '../errors.js';
import { changePassword, requestPasswordReset, resetPassword } from '../password-changes.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';
import { Email, Password } from './schemas.js';

const ChangeBody = Type.Object({ current_password: Password, new_password: Password }, { additionalProperties: false });
const ResetRequestBody = Type.Object({ email: Email, tenant: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })) }, { additionalProperties: false });
const ResetBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), new_password: Password }, { additionalProperties: false });

/** `POST /password` (change, signed in), `POST /password/reset-request` and `POST /password/reset` (with the e-mailed token). */
export async function passwordRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/password', { schema: { body: ChangeBody }, onRequest: authenticate(context) }, async (request, reply) => {
    const actor = { principal: principalOf(request), ip: request.clientIp };
    const blocked = await changePassword(context, actor, { current: request.body.current_password, next: request.body.new_password }, new Date());
    if (blocked) {
      reply.header('retry-after', String(blocked.retryAfterS));
      throw new LoginThrottledError(blocked.retryAfterS);
    }
    return reply.code(204).send();
  });

  app.post('/password/reset-request', { schema: { body: ResetRequestBody } }, async (request, reply) => {
    await requestPasswordReset(context, request.body, request.clientIp, new Date());
    // The same answer for known and unknown addresses, so the endpoint cannot tell which exist.
    return reply.code(202).send();
  });

  app.post('/password/reset', { schema: { body: ResetBody } }, async (request, reply) => {
    await resetPassword(context, { token: request.body.token, next: request.body.new_password }, request.clientIp, new Date());
    return reply.code(204).send();
  });
}
