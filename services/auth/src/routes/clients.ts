import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { RouteOptions } from './context.js';
import { ApiCredentialSchema, registerCredentialRoutes } from './credential-routes.js';

const CreatedClient = Type.Intersect([ApiCredentialSchema, Type.Object({ client_id: Type.String(), client_secret: Type.String() })]);

/**
 * `/clients`: OAuth 2.0 machine clients of the tenant for the client credentials grant (RFC 6749 §4.4).
 * `client_id` is the client's id; tokens carry the client's permissions (`sub` = `client:<id>`).
 */
export async function clientRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  registerCredentialRoutes(app, context, {
    path: '/clients',
    kind: 'client',
    Created: CreatedClient,
    created: (credential, secret) => ({ ...credential, client_id: credential.id, client_secret: secret }),
  });
}
