import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { findSalesOrder, listSalesOrders } from '../db/orders.js';
import { OrderNotFoundError } from '../errors.js';
import { createSalesOrder } from '../orders/create-order.js';
import { IdParams, OrderCreateBody, OrderList, OrderListQuery, OrderResponse } from '../orders/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { tenantOf } from './context.js';
import { SEQ_PATTERN, stockActorOf } from './inventory-context.js';
import { ORDERS_PATH, ORDERS_READ, ORDERS_WRITE } from './orders-context.js';
import { notModified } from './preconditions.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

/** Quotes and sales orders: `/api/v1/orders`, list, read and create; transitions are in orders-transitions.ts. */
export async function orderRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/', { schema: { querystring: OrderListQuery, response: { 200: OrderList } }, config: ORDERS_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, status, customer_id } = request.query;
    const beforeSeq = cursor ? fromCursor(cursor, [SEQ_PATTERN])[0] : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listSalesOrders(trx, tenantId, { status, customer_id }, { limit, beforeSeq }));
    return { items: page.orders, next_cursor: page.nextBeforeSeq ? toCursor([page.nextBeforeSeq]) : null };
  });

  app.get('/:id', { schema: { params: IdParams, response: { 200: OrderResponse, 304: Type.Null() } }, config: ORDERS_READ }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const order = await withTenant(context.db, tenantId, (trx) => findSalesOrder(trx, tenantId, request.params.id));
    if (!order) throw new OrderNotFoundError(request.params.id);
    reply.header('etag', etagOf(order));
    return notModified(request, etagOf(order)) ? reply.code(304).send(null) : order;
  });

  app.post(
    '/',
    { schema: { body: OrderCreateBody, response: { 201: OrderResponse } }, config: ORDERS_WRITE, preValidation: strictBody(OrderCreateBody) },
    async (request, reply) => {
      const actor = stockActorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const order = await createSalesOrder(trx, actor, request.body, context.newId, new Date());
        return { status: 201, body: order, headers: { location: `${ORDERS_PATH}/${order.id}`, etag: etagOf(order) } };
      });
    },
  );
}
