import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { revokeRefreshToken, rotateRefreshToken } from '../refresh.js';
import type { RouteOptions } from './context.js';
import { TokenResponse } from './schemas.js';

const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** `POST /token/refresh` (rotate) and `POST /logout` (revoke the login's whole token family). */
export async function tokenRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/token/refresh', { schema: { body: RefreshBody, response: { 200: TokenResponse } } }, async (request, reply) => {
    const tokens = await rotateRefreshToken(context, request.body.refresh_token, request.clientIp, new Date());
    return reply.header('cache-control', 'no-store').send(tokens);
  });

  app.post('/logout', { schema: { body: RefreshBody } }, async (request, reply) => {
    await revokeRefreshToken(context, request.body.refresh_token, request.clientIp, new Date());
    return reply.code(204).send();
  });
}
