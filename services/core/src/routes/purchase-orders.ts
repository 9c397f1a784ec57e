import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { findPurchaseOrder, listPurchaseOrders } from '../db/purchase-orders.js';
import { PurchaseOrderNotFoundError } from '../errors.js';
import { IdParams } from '../orders/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { createPurchaseOrder } from '../purchasing/create-purchase-order.js';
import { PurchaseOrderCreateBody, PurchaseOrderList, PurchaseOrderListQuery, PurchaseOrderResponse } from '../purchasing/schemas.js';
import { tenantOf } from './context.js';
import { SEQ_PATTERN, stockActorOf } from './inventory-context.js';
import { PURCHASE_ORDERS_PATH, PURCHASING_READ, PURCHASING_WRITE } from './orders-context.js';
import { notModified } from './preconditions.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

/** Purchase orders: `/api/v1/purchase-orders`, list, read and create; transitions are in purchase-orders-transitions.ts. */
export async function purchaseOrderRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/', { schema: { querystring: PurchaseOrderListQuery, response: { 200: PurchaseOrderList } }, config: PURCHASING_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, status, supplier_id } = request.query;
    const beforeSeq = cursor ? fromCursor(cursor, [SEQ_PATTERN])[0] : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listPurchaseOrders(trx, tenantId, { status, supplier_id }, { limit, beforeSeq }));
    return { items: page.orders, next_cursor: page.nextBeforeSeq ? toCursor([page.nextBeforeSeq]) : null };
  });

  app.get(
    '/:id',
    { schema: { params: IdParams, response: { 200: PurchaseOrderResponse, 304: Type.Null() } }, config: PURCHASING_READ },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const order = await withTenant(context.db, tenantId, (trx) => findPurchaseOrder(trx, tenantId, request.params.id));
      if (!order) throw new PurchaseOrderNotFoundError(request.params.id);
      reply.header('etag', etagOf(order));
      return notModified(request, etagOf(order)) ? reply.code(304).send(null) : order;
    },
  );

  app.post(
    '/',
    {
      schema: { body: PurchaseOrderCreateBody, response: { 201: PurchaseOrderResponse } },
      config: PURCHASING_WRITE,
      preValidation: strictBody(PurchaseOrderCreateBody),
    },
    async (request, reply) => {
      const actor = stockActorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const order = await createPurchaseOrder(trx, actor, request.body, context.newId, new Date());
        return { status: 201, body: order, headers: { location: `${PURCHASE_ORDERS_PATH}/${order.id}`, etag: etagOf(order) } };
      });
    },
  );
}
