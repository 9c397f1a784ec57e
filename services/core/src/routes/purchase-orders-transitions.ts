import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import type { Static } from 'typebox';
import { IdParams, ReasonBody } from '../orders/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { receiveGoods } from '../purchasing/receive-goods.js';
import { recordSupplierInvoice } from '../purchasing/record-supplier-invoice.js';
import { PurchaseOrderResponse, ReceiptBody, ReceiptResult, SupplierInvoiceBody, SupplierInvoiceResult } from '../purchasing/schemas.js';
import { cancelPurchaseOrder, placePurchaseOrder } from '../purchasing/transitions.js';
import { stockActorOf } from './inventory-context.js';
import { optionalBody, PURCHASING_WRITE, preconditionOf } from './orders-context.js';
import { strictBody } from './request-checks.js';

/** The purchase order's state machine over HTTP: POSTs on the order with `If-Match`; receipts and supplier invoices also honour `Idempotency-Key`. */
export async function purchaseOrderTransitionRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  const simple = { params: IdParams, response: { 200: PurchaseOrderResponse } };

  app.post('/:id/order', { schema: simple, config: PURCHASING_WRITE, preValidation: strictBody(ReasonBody) }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    const order = await withTenant(context.db, actor.tenantId, (trx) => placePurchaseOrder(trx, actor, request.params.id, precondition));
    return reply.header('etag', etagOf(order)).send(order);
  });

  app.post('/:id/cancel', { schema: simple, config: PURCHASING_WRITE, preValidation: strictBody(ReasonBody) }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    const { reason } = optionalBody<Static<typeof ReasonBody>>(request);
    const order = await withTenant(context.db, actor.tenantId, (trx) => cancelPurchaseOrder(trx, actor, request.params.id, precondition, reason));
    return reply.header('etag', etagOf(order)).send(order);
  });

  app.post(
    '/:id/receipts',
    { schema: { params: IdParams, response: { 201: ReceiptResult } }, config: PURCHASING_WRITE, preValidation: strictBody(ReceiptBody) },
    async (request, reply) => {
      const precondition = preconditionOf(request);
      const actor = stockActorOf(request);
      const input = optionalBody<Static<typeof ReceiptBody>>(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const { receipt, order } = await receiveGoods(trx, actor, request.params.id, precondition, input, context.newId, new Date());
        return { status: 201, body: { goods_receipt: receipt, purchase_order: order }, headers: { etag: etagOf(order) } };
      });
    },
  );

  app.post(
    '/:id/supplier-invoices',
    {
      schema: { params: IdParams, body: SupplierInvoiceBody, response: { 201: SupplierInvoiceResult } },
      config: PURCHASING_WRITE,
      preValidation: strictBody(SupplierInvoiceBody),
    },
    async (request, reply) => {
      const precondition = preconditionOf(request);
      const actor = stockActorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const { invoice, order } = await recordSupplierInvoice(trx, actor, request.params.id, precondition, request.body, context.newId, new Date());
        return { status: 201, body: { supplier_invoice: invoice, purchase_order: order }, headers: { etag: etagOf(order) } };
      });
    },
  );
}
