import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { audit } from '../db/audit.js';
import { AdminRequiredError } from '../errors.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';

// Tokens signed just before the rotation live one token lifetime; the minute covers clock skew between instances.
const CLOCK_SKEW_MS = 60_000;

/**
 * `POST /keys/rotate`: a new current signing key. The keys serve every tenant, so only the built-in admin
 * role may rotate; the old key keeps verifying until the last token it signed has expired.
 */
export async function keyRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const Rotated = Type.Object({ kid: Type.String() });
  app.post('/keys/rotate', { schema: { response: { 201: Rotated } }, preHandler: authenticate(context) }, async (request, reply) => {
    const principal = principalOf(request);
    if (!principal.roles.includes('admin')) throw new AdminRequiredError();
    const kid = await context.keys.rotate(context.config.accessTokenTtlS * 1000 + CLOCK_SKEW_MS);
    await audit(context.db, { tenantId: principal.tenantId, actorId: principal.userId, action: 'keys.rotated', details: { kid }, ip: request.clientIp });
    return reply.code(201).send({ kid });
  });
}
