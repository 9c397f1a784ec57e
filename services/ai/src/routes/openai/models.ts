import { getPrincipal, type ServiceApp } from '@erp/kit';
import { ModelNotFoundError } from '../../errors.js';
import type { RouteOptions } from '../context.js';

// OpenAI's model objects carry a creation time; the gateway's models have none, so all carry this fixed one.
const CREATED = 1_767_225_600;

/** `GET /v1/models` and `GET /v1/models/<provider>/<model>`: `auto` and every model the tenant can use. */
export async function modelRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const modelsOf = async (tenantId: string) => {
    const settings = await context.gateway.settings.get(tenantId);
    const named = settings.deployments.map(({ deployment }) => ({
      id: deployment.name,
      object: 'model' as const,
      created: CREATED,
      owned_by: deployment.providerName,
    }));
    return [{ id: 'auto', object: 'model' as const, created: CREATED, owned_by: 'erp' }, ...named];
  };

  app.get('/models', async (request) => ({ object: 'list', data: await modelsOf(getPrincipal(request).tenantId) }));

  app.get('/models/*', async (request) => {
    const id = (request.params as { '*': string })['*'];
    const model = (await modelsOf(getPrincipal(request).tenantId)).find((candidate) => candidate.id === id);
    if (!model) throw new ModelNotFoundError(id);
    return model;
  });
}
