import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import { deleteProviderConfig, findProviderConfig, listProviderConfigs, type ProviderConfigRow } from '../db/provider-configs.js';
import { ProviderNotFoundError } from '../errors.js';
import { putProvider } from '../providers/provider-admin.js';
import type { RouteOptions } from './context.js';
import { ProviderBody, ProviderList, ProviderParams, ProviderView } from './provider-schemas.js';

function providerRowToView(row: ProviderConfigRow) {
  return {
    name: row.name,
    kind: row.kind,
    base_url: row.base_url,
    has_api_key: row.api_key_sealed !== null,
    timeout_ms: row.timeout_ms,
    max_concurrency: row.max_concurrency,
    models: row.models,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** `/providers`: the tenant's own LLM providers (keys write-only), with `ai.admin:manage`. */
export async function providerRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const config = { permission: 'ai.admin:manage' as const };
  const { db } = context;

  app.get('/providers', { config, schema: { response: { 200: ProviderList } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const rows = await withTenant(db, tenantId, (trx) => listProviderConfigs(trx, tenantId));
    return { items: rows.map(providerRowToView) };
  });

  app.get('/providers/:name', { config, schema: { params: ProviderParams, response: { 200: ProviderView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const row = await withTenant(db, tenantId, (trx) => findProviderConfig(trx, tenantId, request.params.name));
    if (!row) throw new ProviderNotFoundError(request.params.name);
    return providerRowToView(row);
  });

  app.put(
    '/providers/:name',
    { config, schema: { params: ProviderParams, body: ProviderBody, response: { 200: ProviderView, 201: ProviderView } } },
    async (request, reply) => {
      const { tenantId } = getPrincipal(request);
      const settings = { global: context.config.global, cipher: context.cipher, allowPrivateProviderUrls: context.config.allowPrivateProviderUrls };
      const { row, created } = await putProvider(db, settings, tenantId, request.params.name, request.body);
      context.gateway.settings.invalidate(tenantId);
      return reply.code(created ? 201 : 200).send(providerRowToView(row));
    },
  );

  app.delete('/providers/:name', { config, schema: { params: ProviderParams } }, async (request, reply) => {
    const { tenantId } = getPrincipal(request);
    const deleted = await withTenant(db, tenantId, (trx) => deleteProviderConfig(trx, tenantId, request.params.name));
    if (!deleted) throw new ProviderNotFoundError(request.params.name);
    context.gateway.settings.invalidate(tenantId);
    return reply.code(204).send();
  });
}
