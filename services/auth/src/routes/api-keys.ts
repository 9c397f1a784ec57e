import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { RouteOptions } from './context.js';
import { ApiCredentialSchema, registerCredentialRoutes } from './credential-routes.js';

const CreatedApiKey = Type.Intersect([ApiCredentialSchema, Type.Object({ key: Type.String() })]);

/**
 * `/api-keys`: keys an integration exchanges at the token endpoint for short-lived access tokens carrying
 * exactly the key's permissions (`sub` = `apikey:<id>`).
 */
export async function apiKeyRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  registerCredentialRoutes(app, context, {
    path: '/api-keys',
    kind: 'api_key',
    Created: CreatedApiKey,
    created: (credential, secret) => ({ ...credential, key: secret }),
  });
}
