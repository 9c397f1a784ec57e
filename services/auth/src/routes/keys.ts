import type { ServiceApp } from '@erp/kit';
import { withTenant } from '@erp/kit';
import Type from 'typebox';
import { audit } from '../db/audit.js';
import { findUser } from '../db/users.js';
import { OperatorRequiredError } from '../errors.js';
import { authenticate, type Principal, principalOf } from './authenticate.js';
import type { RouteContext, RouteOptions } from './context.js';

// Tokens signed just before the rotation live one token lifetime; the minute covers clock skew between instances.
const CLOCK_SKEW_MS = 60_000;

/** Whether the caller runs the installation: an admin of their company whose e-mail is in `AUTH_OPERATORS`. */
async function isOperator(context: RouteContext, principal: Principal): Promise<boolean> {
  if (!principal.roles.includes('admin') || context.config.operators.length === 0) return false;
  const user = await withTenant(context.db, principal.tenantId, (trx) => findUser(trx, principal.tenantId, principal.userId));
  return user !== undefined && user.status === 'active' && context.config.operators.includes(user.email.toLowerCase());
}

/**
 * `POST /keys/rotate`: a new current signing key. The keys serve every company, and any company can register
 * itself, so only an operator may rotate; the old key keeps verifying until the last token it signed has expired.
 */
export async function keyRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const Rotated = Type.Object({ kid: Type.String() });
  app.post('/keys/rotate', { schema: { response: { 201: Rotated } }, onRequest: authenticate(context) }, async (request, reply) => {
    const principal = principalOf(request);
    if (!(await isOperator(context, principal))) throw new OperatorRequiredError();
    const kid = await context.keys.rotate(context.config.accessTokenTtlS * 1000 + CLOCK_SKEW_MS);
    await audit(context.db, { tenantId: principal.tenantId, actorId: principal.userId, action: 'keys.rotated', details: { kid }, ip: request.clientIp });
    return reply.code(201).send({ kid });
  });
}
