import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import type { Static } from 'typebox';
import { issueCreditNote } from '../orders/credit-note.js';
import { deliverOrder } from '../orders/deliver.js';
import { invoiceOrder } from '../orders/invoice-order.js';
import {
  ConfirmBody,
  CreditNoteBody,
  CreditNoteResult,
  DeliveryBody,
  DeliveryResult,
  IdParams,
  InvoiceResult,
  OrderResponse,
  ReasonBody,
} from '../orders/schemas.js';
import { acceptOrder, cancelOrder, confirmOrder } from '../orders/transitions.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { stockActorOf } from './inventory-context.js';
import { INVOICES_PATH, ORDERS_INVOICE, ORDERS_WRITE, optionalBody, preconditionOf } from './orders-context.js';
import { strictBody } from './request-checks.js';

/**
 * The state machine of a sales document over HTTP: every transition is a POST on the order and needs
 * `If-Match` with the order's ETag; the ones that create a document (delivery, invoice, credit note) also
 * honour `Idempotency-Key`. Each answers with the order's new ETag.
 */
export async function orderTransitionRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  const simple = { params: IdParams, response: { 200: OrderResponse } };

  app.post('/:id/accept', { schema: simple, config: ORDERS_WRITE, preValidation: strictBody(ReasonBody) }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    const order = await withTenant(context.db, actor.tenantId, (trx) => acceptOrder(trx, actor, request.params.id, precondition));
    return reply.header('etag', etagOf(order)).send(order);
  });

  app.post('/:id/confirm', { schema: simple, config: ORDERS_WRITE, preValidation: strictBody(ConfirmBody) }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    const { warehouse_id } = optionalBody<Static<typeof ConfirmBody>>(request);
    const order = await withTenant(context.db, actor.tenantId, (trx) => confirmOrder(trx, actor, request.params.id, precondition, warehouse_id, context.newId));
    return reply.header('etag', etagOf(order)).send(order);
  });

  app.post('/:id/cancel', { schema: simple, config: ORDERS_WRITE, preValidation: strictBody(ReasonBody) }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    const { reason } = optionalBody<Static<typeof ReasonBody>>(request);
    const order = await withTenant(context.db, actor.tenantId, (trx) => cancelOrder(trx, actor, request.params.id, precondition, reason));
    return reply.header('etag', etagOf(order)).send(order);
  });

  app.post(
    '/:id/deliveries',
    { schema: { params: IdParams, response: { 201: DeliveryResult } }, config: ORDERS_WRITE, preValidation: strictBody(DeliveryBody) },
    async (request, reply) => {
      const precondition = preconditionOf(request);
      const actor = stockActorOf(request);
      const { lines } = optionalBody<Static<typeof DeliveryBody>>(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const result = await deliverOrder(trx, actor, request.params.id, precondition, lines, context.newId, new Date());
        return { status: 201, body: result, headers: { etag: etagOf(result.order) } };
      });
    },
  );

  app.post('/:id/invoice', { schema: { params: IdParams, response: { 201: InvoiceResult } }, config: ORDERS_INVOICE }, async (request, reply) => {
    const precondition = preconditionOf(request);
    const actor = stockActorOf(request);
    return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
      const { invoice, order } = await invoiceOrder(trx, actor, request.params.id, precondition, context.newId, new Date());
      return { status: 201, body: { invoice, order }, headers: { location: `${INVOICES_PATH}/${invoice.id}`, etag: etagOf(order) } };
    });
  });

  app.post(
    '/:id/credit-notes',
    {
      schema: { params: IdParams, body: CreditNoteBody, response: { 201: CreditNoteResult } },
      config: ORDERS_INVOICE,
      preValidation: strictBody(CreditNoteBody),
    },
    async (request, reply) => {
      const precondition = preconditionOf(request);
      const actor = stockActorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const { invoice, order } = await issueCreditNote(trx, actor, request.params.id, precondition, request.body, context.newId, new Date());
        return { status: 201, body: { credit_note: invoice, order }, headers: { location: `${INVOICES_PATH}/${invoice.id}`, etag: etagOf(order) } };
      });
    },
  );
}
