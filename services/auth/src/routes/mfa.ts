import type { ServiceApp } from '@erp/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { LoginThrottledError } from '../errors.js';
import { createKeyCipher } from '../keys/key-encryption.js';
import { confirmTotp, disableTotp, enrolTotp, type MfaRequest, mfaStatus, regenerateRecoveryCodes } from '../mfa/enrolment.js';
import { completeMfaLogin } from '../mfa/mfa-login.js';
import { resetUserMfa } from '../mfa/mfa-reset.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';
import { TokenResponse, UserIdParams } from './schemas.js';

// A TOTP code is six digits, a recovery code 16 characters with up to three hyphens; a little slack for spaces.
const Code = Type.String({ minLength: 6, maxLength: 32 });
const CodeBody = Type.Object({ code: Code }, { additionalProperties: false });
const MfaLoginBody = Type.Object({ mfa_token: Type.String({ minLength: 1, maxLength: 200 }), code: Code }, { additionalProperties: false });
const Enrolment = Type.Object({ secret: Type.String(), otpauth_uri: Type.String() });
const RecoveryCodes = Type.Object({ recovery_codes: Type.Array(Type.String()) });
const Status = Type.Object({
  totp: Type.Union([Type.Literal('disabled'), Type.Literal('pending'), Type.Literal('enabled')]),
  recovery_codes_left: Type.Integer(),
});

function throttled(reply: FastifyReply, retryAfterS: number): never {
  // The problem handler keeps headers set before the error, so Retry-After reaches the client.
  reply.header('retry-after', String(retryAfterS));
  throw new LoginThrottledError(retryAfterS);
}

/**
 * The caller's authenticator app (`GET /mfa`, `POST /mfa/totp`, `/mfa/totp/confirm`, `/mfa/totp/disable`,
 * `/mfa/recovery-codes`), an administrator's reset of another user's (`DELETE /users/:id/mfa`) and the
 * second step of a login (`POST /login/mfa`). TOTP secrets are sealed under their own key derived from the
 * signing keys' secret.
 */
export async function mfaRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const cipher = createKeyCipher(context.config.keySecret, 'mfa-secret-encryption');
  const mfaRequest = (request: FastifyRequest): MfaRequest => {
    const { tenantId, userId } = principalOf(request);
    return { context, cipher, tenantId, userId, ip: request.clientIp };
  };
  const onRequest = authenticate(context);

  app.get('/mfa', { schema: { response: { 200: Status } }, onRequest }, async (request) => mfaStatus(mfaRequest(request)));

  app.post('/mfa/totp', { schema: { response: { 201: Enrolment } }, onRequest }, async (request, reply) => {
    const enrolment = await enrolTotp(mfaRequest(request), new Date());
    return reply.code(201).header('cache-control', 'no-store').send(enrolment);
  });

  app.post('/mfa/totp/confirm', { schema: { body: CodeBody, response: { 200: RecoveryCodes } }, onRequest }, async (request, reply) => {
    const outcome = await confirmTotp(mfaRequest(request), request.body.code, new Date());
    if (outcome.kind === 'throttled') throttled(reply, outcome.retryAfterS);
    return reply.header('cache-control', 'no-store').send({ recovery_codes: outcome.recoveryCodes });
  });

  app.post('/mfa/recovery-codes', { schema: { body: CodeBody, response: { 200: RecoveryCodes } }, onRequest }, async (request, reply) => {
    const outcome = await regenerateRecoveryCodes(mfaRequest(request), request.body.code, new Date());
    if (outcome.kind === 'throttled') throttled(reply, outcome.retryAfterS);
    return reply.header('cache-control', 'no-store').send({ recovery_codes: outcome.recoveryCodes });
  });

  app.delete('/users/:id/mfa', { schema: { params: UserIdParams }, onRequest: authenticate(context, 'auth.users:manage') }, async (request, reply) => {
    await resetUserMfa(context, { principal: principalOf(request), ip: request.clientIp }, request.params.id);
    return reply.code(204).send();
  });

  app.post('/mfa/totp/disable', { schema: { body: CodeBody }, onRequest }, async (request, reply) => {
    const outcome = await disableTotp(mfaRequest(request), request.body.code, new Date());
    if (outcome.kind === 'throttled') throttled(reply, outcome.retryAfterS);
    return reply.code(204).send();
  });

  app.post('/login/mfa', { schema: { body: MfaLoginBody, response: { 200: TokenResponse } } }, async (request, reply) => {
    const { mfa_token: mfaToken, code } = request.body;
    const outcome = await completeMfaLogin(context, cipher, { mfaToken, code, ip: request.clientIp }, new Date());
    if (outcome.kind === 'throttled') throttled(reply, outcome.retryAfterS);
    return reply.header('cache-control', 'no-store').send(outcome.tokens);
  });
}
