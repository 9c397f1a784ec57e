import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import { findReservation, listReservations } from '../db/stock-reservations.js';
import type { StockReservation } from '../domain/stock.js';
import { ReservationNotFoundError } from '../errors.js';
import { consumeReservation, releaseReservation, reserveStock } from '../inventory/reservations.js';
import { ConsumeResponse, IdParams, ReservationCreateBody, ReservationList, ReservationListQuery, ReservationResponse } from '../inventory/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { tenantOf } from './context.js';
import { INVENTORY_PATH, INVENTORY_READ, INVENTORY_WRITE, SEQ_PATTERN, stockActorOf } from './inventory-context.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

/** The one reservation an action by id closed. */
function only(reservations: readonly StockReservation[], id: string): StockReservation {
  const [reservation] = reservations;
  if (!reservation) throw new ReservationNotFoundError(`with id ${id}`);
  return reservation;
}

/** Reservations over HTTP: `/api/v1/inventory/reservations`, release and consume (delivery). */
export async function inventoryReservationRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.post(
    '/reservations',
    {
      schema: { body: ReservationCreateBody, response: { 201: ReservationResponse } },
      config: INVENTORY_WRITE,
      preValidation: strictBody(ReservationCreateBody),
    },
    async (request, reply) => {
      const actor = stockActorOf(request);
      const { product_id, warehouse_id, location_id, quantity, reference } = request.body;
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const reservation = await reserveStock(
          trx,
          actor.tenantId,
          { productId: product_id, warehouseId: warehouse_id, locationId: location_id, quantity, reference, actorId: actor.userId },
          context.newId,
        );
        return { status: 201, body: reservation, headers: { location: `${INVENTORY_PATH}/reservations/${reservation.id}` } };
      });
    },
  );

  app.get('/reservations', { schema: { querystring: ReservationListQuery, response: { 200: ReservationList } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const beforeSeq = cursor ? fromCursor(cursor, [SEQ_PATTERN])[0] : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listReservations(trx, tenantId, filter, { limit, beforeSeq }));
    return { items: page.reservations, next_cursor: page.nextBeforeSeq ? toCursor([page.nextBeforeSeq]) : null };
  });

  app.get('/reservations/:id', { schema: { params: IdParams, response: { 200: ReservationResponse } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const reservation = await withTenant(context.db, tenantId, (trx) => findReservation(trx, tenantId, request.params.id));
    if (!reservation) throw new ReservationNotFoundError(`with id ${request.params.id}`);
    return reservation;
  });

  app.post('/reservations/:id/release', { schema: { params: IdParams, response: { 200: ReservationResponse } }, config: INVENTORY_WRITE }, async (request) => {
    const actor = stockActorOf(request);
    const released = await withTenant(context.db, actor.tenantId, (trx) =>
      releaseReservation(trx, actor.tenantId, { id: request.params.id }, { actorId: actor.userId }),
    );
    return only(released, request.params.id);
  });

  app.post('/reservations/:id/consume', { schema: { params: IdParams, response: { 200: ConsumeResponse } }, config: INVENTORY_WRITE }, async (request) => {
    const actor = stockActorOf(request);
    const options = { actorId: actor.userId, traceparent: actor.traceparent };
    const result = await withTenant(context.db, actor.tenantId, (trx) =>
      consumeReservation(trx, actor.tenantId, { id: request.params.id }, options, context.newId),
    );
    return { reservation: only(result.reservations, request.params.id), movements: result.movements };
  });
}
