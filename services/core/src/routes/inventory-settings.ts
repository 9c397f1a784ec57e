import { type ServiceApp, withTenant } from '@erp/kit';
import { findSettings } from '../db/inventory-settings.js';
import { SettingsBody, SettingsResponse, Valuation, ValuationQuery } from '../inventory/schemas.js';
import { changeSettings, valuationAt } from '../inventory/settings.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { tenantOf } from './context.js';
import { INVENTORY_READ, INVENTORY_WRITE } from './inventory-context.js';
import { parseIfMatch } from './preconditions.js';
import { strictBody } from './request-checks.js';

/** The tenant's valuation method and currency (`/api/v1/inventory/settings`) and the stock valuation (`/valuation`). */
export async function inventorySettingsRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/settings', { schema: { response: { 200: SettingsResponse } }, config: INVENTORY_READ }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const settings = await withTenant(context.db, tenantId, (trx) => findSettings(trx, tenantId));
    return reply.header('etag', etagOf(settings)).send(settings);
  });

  app.put(
    '/settings',
    { schema: { body: SettingsBody, response: { 200: SettingsResponse } }, config: INVENTORY_WRITE, preValidation: strictBody(SettingsBody) },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const precondition = parseIfMatch(request.headers['if-match']);
      const settings = await withTenant(context.db, tenantId, (trx) => changeSettings(trx, tenantId, request.body, precondition));
      return reply.header('etag', etagOf(settings)).send(settings);
    },
  );

  app.get('/valuation', { schema: { querystring: ValuationQuery, response: { 200: Valuation } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    return withTenant(context.db, tenantId, (trx) => valuationAt(trx, tenantId, request.query.at));
  });
}
