import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { IdParams, LocationPatchBody, LocationResponse } from '../inventory/schemas.js';
import { getLocation, patchLocation, setLocationArchived } from '../inventory/write-warehouse.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { tenantOf } from './context.js';
import { INVENTORY_READ, INVENTORY_WRITE } from './inventory-context.js';
import { notModified, parseIfMatch, requirePrecondition } from './preconditions.js';
import { strictBody } from './request-checks.js';

/** Locations (bins) by id: `/api/v1/inventory/locations/:id`, their changes, archive and restore. */
export async function inventoryLocationRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get(
    '/locations/:id',
    { schema: { params: IdParams, response: { 200: LocationResponse, 304: Type.Null() } }, config: INVENTORY_READ },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const location = await withTenant(context.db, tenantId, (trx) => getLocation(trx, tenantId, request.params.id));
      reply.header('etag', etagOf(location));
      return notModified(request, etagOf(location)) ? reply.code(304).send(null) : location;
    },
  );

  app.patch(
    '/locations/:id',
    {
      schema: { params: IdParams, body: LocationPatchBody, response: { 200: LocationResponse } },
      config: INVENTORY_WRITE,
      preValidation: strictBody(LocationPatchBody),
    },
    async (request, reply) => {
      const precondition = requirePrecondition(request);
      const tenantId = tenantOf(request);
      const location = await withTenant(context.db, tenantId, (trx) => patchLocation(trx, tenantId, request.params.id, request.body, precondition));
      return reply.header('etag', etagOf(location)).send(location);
    },
  );

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/locations/:id/${action}`,
      { schema: { params: IdParams, response: { 200: LocationResponse } }, config: INVENTORY_WRITE },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        const precondition = parseIfMatch(request.headers['if-match']);
        const location = await withTenant(context.db, tenantId, (trx) => setLocationArchived(trx, tenantId, request.params.id, archived, precondition));
        return reply.header('etag', etagOf(location)).send(location);
      },
    );
  }
}
