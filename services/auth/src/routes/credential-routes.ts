import { PERMISSIONS } from '@erp/contracts';
import type { ServiceApp } from '@erp/kit';
import Type, { type TSchema } from 'typebox';
import { type ApiCredential, type CredentialKind, createCredential, listTenantCredentials, revokeTenantCredential } from '../api-credentials.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteContext } from './context.js';

export const ApiCredentialSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  permissions: Type.Array(Type.String()),
  created_by: Type.String(),
  created_at: Type.String(),
  expires_at: Type.Union([Type.String(), Type.Null()]),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
});

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    permissions: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }),
    expires_at: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, { additionalProperties: false });
const CredentialList = Type.Object({ items: Type.Array(ApiCredentialSchema) });

/** How one kind of credential is exposed: its path, and how its one-time secret appears in the 201 answer. */
export interface CredentialRouteOptions {
  readonly path: '/api-keys' | '/clients';
  readonly kind: CredentialKind;
  readonly Created: TSchema;
  readonly created: (credential: ApiCredential, secret: string) => Record<string, unknown>;
}

/**
 * `POST <path>` (create, the secret shown once), `GET <path>` (list, no secrets) and `DELETE <path>/:id`
 * (revoke), all with `auth.api-keys:manage` and within the caller's tenant.
 */
export function registerCredentialRoutes(app: ServiceApp, context: RouteContext, options: CredentialRouteOptions): void {
  const onRequest = authenticate(context, 'auth.api-keys:manage');
  const actorOf = (request: Parameters<typeof principalOf>[0]) => ({ principal: principalOf(request), ip: request.clientIp });

  app.post(options.path, { schema: { body: CreateBody, response: { 201: options.Created } }, onRequest }, async (request, reply) => {
    const { name, permissions, expires_at: expiresAt } = request.body;
    const input = { name: name.trim(), permissions, expiresAt: expiresAt ? new Date(expiresAt) : null };
    const { credential, secret } = await createCredential(context, actorOf(request), options.kind, input, new Date());
    return reply.code(201).header('cache-control', 'no-store').send(options.created(credential, secret));
  });

  app.get(options.path, { schema: { response: { 200: CredentialList } }, onRequest }, async (request) => ({
    items: await listTenantCredentials(context, principalOf(request).tenantId, options.kind),
  }));

  app.delete(`${options.path}/:id`, { schema: { params: IdParams }, onRequest }, async (request, reply) => {
    await revokeTenantCredential(context, actorOf(request), options.kind, request.params.id, new Date());
    return reply.code(204).send();
  });
}
