import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import { findMovement, listMovements } from '../db/stock-movements.js';
import { MovementNotFoundError } from '../errors.js';
import { recordMovement } from '../inventory/record-movement.js';
import { IdParams, MovementCreateBody, MovementList, MovementListQuery, MovementResponse } from '../inventory/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { tenantOf } from './context.js';
import { INVENTORY_PATH, INVENTORY_READ, INVENTORY_WRITE, SEQ_PATTERN, stockActorOf } from './inventory-context.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

/** The stock ledger: `/api/v1/inventory/movements`. Movements are only ever added; a mistake is corrected by a counter-movement. */
export async function inventoryMovementRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.post(
    '/movements',
    { schema: { body: MovementCreateBody, response: { 201: MovementResponse } }, config: INVENTORY_WRITE, preValidation: strictBody(MovementCreateBody) },
    async (request, reply) => {
      const actor = stockActorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const movement = await recordMovement(trx, actor, request.body, context.newId);
        return { status: 201, body: movement, headers: { location: `${INVENTORY_PATH}/movements/${movement.id}` } };
      });
    },
  );

  app.get('/movements', { schema: { querystring: MovementListQuery, response: { 200: MovementList } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const beforeSeq = cursor ? fromCursor(cursor, [SEQ_PATTERN])[0] : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listMovements(trx, tenantId, filter, { limit, beforeSeq }));
    return { items: page.movements, next_cursor: page.nextBeforeSeq ? toCursor([page.nextBeforeSeq]) : null };
  });

  app.get('/movements/:id', { schema: { params: IdParams, response: { 200: MovementResponse } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const movement = await withTenant(context.db, tenantId, (trx) => findMovement(trx, tenantId, request.params.id));
    if (!movement) throw new MovementNotFoundError(request.params.id);
    return movement;
  });
}
