import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listLocations, listWarehouses } from '../db/warehouses.js';
import {
  IdParams,
  ListQuery,
  LocationCreateBody,
  LocationList,
  LocationResponse,
  WarehouseCreateBody,
  WarehouseList,
  WarehousePatchBody,
  WarehouseResponse,
} from '../inventory/schemas.js';
import { createLocation, createWarehouse, getWarehouse, patchWarehouse, setWarehouseArchived } from '../inventory/write-warehouse.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { tenantOf } from './context.js';
import { CODE_PATTERN, INVENTORY_PATH, INVENTORY_READ, INVENTORY_WRITE, UUID_PATTERN } from './inventory-context.js';
import { notModified, parseIfMatch, requirePrecondition } from './preconditions.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

const CURSOR_PATTERNS = [CODE_PATTERN, UUID_PATTERN];

function positionOf(cursor: string | undefined) {
  const after = cursor ? fromCursor(cursor, CURSOR_PATTERNS) : undefined;
  return after ? { code: after[0] ?? '', id: after[1] ?? '' } : undefined;
}

/** Warehouses: `/api/v1/inventory/warehouses`, their archive and restore, and their locations. */
export async function inventoryWarehouseRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/warehouses', { schema: { querystring: ListQuery, response: { 200: WarehouseList } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, archived } = request.query;
    const page = await withTenant(context.db, tenantId, (trx) => listWarehouses(trx, tenantId, { limit, archived, after: positionOf(cursor) }));
    return { items: page.warehouses, next_cursor: page.next ? toCursor([page.next.code, page.next.id]) : null };
  });

  app.get(
    '/warehouses/:id',
    { schema: { params: IdParams, response: { 200: WarehouseResponse, 304: Type.Null() } }, config: INVENTORY_READ },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const warehouse = await withTenant(context.db, tenantId, (trx) => getWarehouse(trx, tenantId, request.params.id));
      reply.header('etag', etagOf(warehouse));
      return notModified(request, etagOf(warehouse)) ? reply.code(304).send(null) : warehouse;
    },
  );

  app.post(
    '/warehouses',
    { schema: { body: WarehouseCreateBody, response: { 201: WarehouseResponse } }, config: INVENTORY_WRITE, preValidation: strictBody(WarehouseCreateBody) },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      return withIdempotency(context.db, request, reply, { tenantId }, async (trx) => {
        const warehouse = await createWarehouse(trx, tenantId, request.body, context.newId);
        return { status: 201, body: warehouse, headers: { location: `${INVENTORY_PATH}/warehouses/${warehouse.id}`, etag: etagOf(warehouse) } };
      });
    },
  );

  app.patch(
    '/warehouses/:id',
    {
      schema: { params: IdParams, body: WarehousePatchBody, response: { 200: WarehouseResponse } },
      config: INVENTORY_WRITE,
      preValidation: strictBody(WarehousePatchBody),
    },
    async (request, reply) => {
      const precondition = requirePrecondition(request);
      const tenantId = tenantOf(request);
      const warehouse = await withTenant(context.db, tenantId, (trx) => patchWarehouse(trx, tenantId, request.params.id, request.body, precondition));
      return reply.header('etag', etagOf(warehouse)).send(warehouse);
    },
  );

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/warehouses/:id/${action}`,
      { schema: { params: IdParams, response: { 200: WarehouseResponse } }, config: INVENTORY_WRITE },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        const precondition = parseIfMatch(request.headers['if-match']);
        const warehouse = await withTenant(context.db, tenantId, (trx) => setWarehouseArchived(trx, tenantId, request.params.id, archived, precondition));
        return reply.header('etag', etagOf(warehouse)).send(warehouse);
      },
    );
  }

  app.get(
    '/warehouses/:id/locations',
    { schema: { params: IdParams, querystring: ListQuery, response: { 200: LocationList } }, config: INVENTORY_READ },
    async (request) => {
      const tenantId = tenantOf(request);
      const { limit, cursor, archived } = request.query;
      const page = await withTenant(context.db, tenantId, async (trx) => {
        await getWarehouse(trx, tenantId, request.params.id);
        return listLocations(trx, tenantId, request.params.id, { limit, archived, after: positionOf(cursor) });
      });
      return { items: page.locations, next_cursor: page.next ? toCursor([page.next.code, page.next.id]) : null };
    },
  );

  app.post(
    '/warehouses/:id/locations',
    {
      schema: { params: IdParams, body: LocationCreateBody, response: { 201: LocationResponse } },
      config: INVENTORY_WRITE,
      preValidation: strictBody(LocationCreateBody),
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      return withIdempotency(context.db, request, reply, { tenantId }, async (trx) => {
        const location = await createLocation(trx, tenantId, request.params.id, request.body, context.newId);
        return { status: 201, body: location, headers: { location: `${INVENTORY_PATH}/locations/${location.id}`, etag: etagOf(location) } };
      });
    },
  );
}
