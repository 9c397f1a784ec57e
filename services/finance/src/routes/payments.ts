import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type, { type Static } from 'typebox';
import type { PaymentPosition } from '../db/payments.js';
import { readPayment, readPayments } from '../payments/payment-view.js';
import { type PaymentRequest, recordPayment } from '../payments/record-payment.js';
import { actorOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { AccountNumber, AmountText, Day, ListQuery, Nullable, STRICT } from './schemas.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Direction = Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]);
const Allocation = Type.Object({ open_item_id: Uuid, amount: AmountText, skonto: Type.Optional(Type.Boolean()) }, STRICT);
const PaymentBody = Type.Object(
  {
    direction: Direction,
    bank_account: Type.Optional(AccountNumber),
    amount: AmountText,
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    payment_date: Day,
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 36, pattern: '^[^\\u0000-\\u001f\\u007f]+$' })),
    partner_id: Type.Optional(Uuid),
    allocations: Type.Optional(Type.Array(Allocation, { maxItems: 100 })),
  },
  STRICT,
);
const Payment = Type.Object({
  id: Type.String(),
  direction: Direction,
  bank_account: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  payment_date: Type.String(),
  reference: Type.String(),
  partner_id: Nullable(Type.String()),
  entry_id: Type.String(),
  allocations: Type.Array(Type.Object({ open_item_id: Type.String(), document_number: Type.String(), amount: Type.String(), skonto_amount: Type.String() })),
  on_account: Nullable(Type.Object({ open_item_id: Type.String(), amount: Type.String() })),
  created_at: Type.String(),
  created_by: Type.String(),
});
const PaymentList = Type.Object({ items: Type.Array(Payment), next_cursor: Nullable(Type.String()) });
const ListPaymentsQuery = Type.Object({ ...ListQuery, direction: Type.Optional(Direction), partner_id: Type.Optional(Uuid) }, STRICT);
const IdParams = Type.Object({ id: Uuid }, STRICT);

function toPaymentRequest(body: Static<typeof PaymentBody>): PaymentRequest {
  return {
    direction: body.direction,
    bankAccount: body.bank_account,
    amount: body.amount,
    currency: body.currency ?? 'EUR',
    paymentDate: body.payment_date,
    reference: body.reference,
    partnerId: body.partner_id?.toLowerCase(),
    allocations: (body.allocations ?? []).map((allocation) => ({
      openItemId: allocation.open_item_id.toLowerCase(),
      amount: allocation.amount,
      skonto: allocation.skonto ?? false,
    })),
  };
}

function isPosition(value: unknown): value is PaymentPosition {
  const position = value as Partial<PaymentPosition> | null;
  return /^\d{4}-\d{2}-\d{2}$/.test(position?.paymentDate ?? '') && /^[0-9a-f-]{36}$/.test(position?.id ?? '');
}

/**
 * Payments: record one (finance.payments:write, honouring `Idempotency-Key`), list and read them
 * (finance.entries:read). A payment settles open items, in full, in part or with Skonto, and keeps the rest
 * on account; it is posted through the ledger like any entry.
 */
export async function paymentRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.entries:read' } as const;

  app.post(
    '/payments',
    { config: { permission: 'finance.payments:write' }, schema: { body: PaymentBody, response: { 201: Payment } } },
    async (request, reply) => {
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const id = await recordPayment(trx, context, actor, toPaymentRequest(request.body));
        return { status: 201, body: await readPayment(trx, actor.tenantId, id), headers: { location: `${request.url.split('?')[0]}/${id}` } };
      });
    },
  );

  app.get('/payments', { config: read, schema: { querystring: ListPaymentsQuery, response: { 200: PaymentList } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, direction, partner_id: partnerId } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => readPayments(trx, tenantId, { direction, partnerId: partnerId?.toLowerCase(), limit, after }));
    return { items: page.items, next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/payments/:id', { config: read, schema: { params: IdParams, response: { 200: Payment } } }, async (request) => {
    const tenantId = tenantOf(request);
    return withTenant(context.db, tenantId, (trx) => readPayment(trx, tenantId, request.params.id.toLowerCase()));
  });
}
