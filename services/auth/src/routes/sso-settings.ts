import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { SsoDeps } from '../sso/sso-deps.js';
import { deleteSsoSettings, getSsoSettings, saveSsoSettings } from '../sso/sso-settings.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteContext } from './context.js';
import { RoleName, RoleNames } from './schemas.js';

const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });
const RoleMapping = Type.Object({ value: Type.String({ minLength: 1, maxLength: 200 }), role: RoleName }, { additionalProperties: false });

const SettingsFields = {
  issuer: HttpUrl,
  client_id: Type.String({ minLength: 1, maxLength: 255 }),
  redirect_uri: HttpUrl,
  ui_redirect_uri: HttpUrl,
  allowed_domains: Type.Array(Type.String({ format: 'hostname', minLength: 1, maxLength: 253 }), { minItems: 1, maxItems: 50, uniqueItems: true }),
  default_roles: RoleNames,
  auto_provision: Type.Boolean(),
};

const SettingsBody = Type.Object(
  {
    ...SettingsFields,
    client_secret: Type.String({ minLength: 1, maxLength: 1000 }),
    role_claim: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$', maxLength: 100 })),
    role_mappings: Type.Optional(Type.Array(RoleMapping, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

const Settings = Type.Object({
  ...SettingsFields,
  role_claim: Type.Union([Type.String(), Type.Null()]),
  role_mappings: Type.Array(RoleMapping),
  updated_at: Type.String(),
});

/** `PUT/GET/DELETE /sso`: the caller's tenant's identity provider (auth.users:manage, since it decides who gets in). */
export async function ssoSettingsRoutes(app: ServiceApp, { context, sso }: { context: RouteContext; sso: SsoDeps }): Promise<void> {
  const canManage = authenticate(context, 'auth.users:manage');

  app.put('/sso', { schema: { body: SettingsBody, response: { 200: Settings } }, onRequest: canManage }, async (request) =>
    saveSsoSettings(sso, { principal: principalOf(request), ip: request.clientIp }, request.body, new Date()),
  );

  app.get('/sso', { schema: { response: { 200: Settings } }, onRequest: canManage }, async (request) => getSsoSettings(sso, principalOf(request).tenantId));

  app.delete('/sso', { onRequest: canManage }, async (request, reply) => {
    await deleteSsoSettings(sso, { principal: principalOf(request), ip: request.clientIp });
    return reply.code(204).send();
  });
}
