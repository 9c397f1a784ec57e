import { randomUUID } from 'node:crypto';
import { BUILT_IN_ROLES } from '@erp/contracts';
import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { appendAudit } from '../db/audit-log.js';
import { insertRoles, replaceUserRoles } from '../db/roles.js';
import { insertTenant } from '../db/tenants.js';
import { insertUser } from '../db/users.js';
import { RegistrationThrottledError } from '../errors.js';
import { assertStrongPassword, hashPassword } from '../passwords.js';
import { rateLimit } from '../rate-limit.js';
import type { RouteOptions } from './context.js';
import { Email, Password } from './schemas.js';

const RegisterBody = Type.Object(
  { company_name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }), email: Email, password: Password },
  { additionalProperties: false },
);

const Registered = Type.Object({ tenant_id: Type.String(), user_id: Type.String(), email: Type.String(), roles: Type.Array(Type.String()) });

const HOUR_MS = 3_600_000;

/** `POST /register`: a new company (tenant) with its built-in roles and its first user as admin, in one transaction. */
export async function registerRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/register', { schema: { body: RegisterBody, response: { 201: Registered } } }, async (request, reply) => {
    const { company_name: companyName, email, password } = request.body;
    assertStrongPassword(password, email);
    // Each registration costs a password hash and leaves a tenant behind, so an address gets an hourly share.
    const throttled = await rateLimit(context.db, `register:${request.clientIp}`, context.config.registrationsPerIpHour, HOUR_MS, new Date());
    if (throttled) {
      reply.header('retry-after', String(throttled.retryAfterS));
      throw new RegistrationThrottledError(throttled.retryAfterS);
    }
    const passwordHash = await hashPassword(password);
    const tenantId = randomUUID();
    const userId = randomUUID();
    const roles = Object.entries(BUILT_IN_ROLES).map(([name, permissions]) => ({ id: randomUUID(), name, permissions: [...permissions], builtIn: true }));
    const adminRole = roles.find((role) => role.name === 'admin');
    await withTenant(context.db, tenantId, async (trx) => {
      await insertTenant(trx, tenantId, companyName.trim());
      await insertRoles(trx, tenantId, roles);
      await insertUser(trx, { tenantId, id: userId, email, passwordHash });
      await replaceUserRoles(trx, tenantId, userId, adminRole ? [adminRole.id] : []);
      await appendAudit(trx, { tenantId, actorId: userId, action: 'tenant.registered', details: { company_name: companyName, email }, ip: request.clientIp });
    });
    return reply.code(201).send({ tenant_id: tenantId, user_id: userId, email, roles: ['admin'] });
  });
}
