import type { Kysely, Transaction } from 'kysely';
import type { DeliverySummary } from '../domain/sales-order.js';
import { plain } from './orders-rows.js';
import type { CoreDb } from './schema.js';

export interface NewDelivery {
  id: string;
  number: string;
  orderId: string;
  actorId: string | null;
  lines: readonly { line_no: number; quantity: string; movement_ids: string[] }[];
}

/** Writes a delivery note and its lines; returns when it was delivered. */
export async function insertDelivery(trx: Transaction<CoreDb>, tenantId: string, delivery: NewDelivery): Promise<DeliverySummary> {
  const row = await trx
    .insertInto('sales_delivery')
    .values({ tenant_id: tenantId, id: delivery.id, number: delivery.number, order_id: delivery.orderId, actor_id: delivery.actorId })
    .returning('delivered_at')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sales_delivery_line')
    .values(
      delivery.lines.map((line) => ({
        tenant_id: tenantId,
        delivery_id: delivery.id,
        order_id: delivery.orderId,
        line_no: line.line_no,
        quantity: line.quantity,
        movement_ids: line.movement_ids,
      })),
    )
    .execute();
  return { id: delivery.id, number: delivery.number, delivered_at: row.delivered_at.toISOString(), lines: delivery.lines.map((line) => ({ ...line })) };
}

/** The deliveries of each order, oldest first. */
export async function findDeliveriesOf(db: Kysely<CoreDb>, tenantId: string, orderIds: readonly string[]): Promise<Map<string, DeliverySummary[]>> {
  const result = new Map<string, DeliverySummary[]>();
  if (orderIds.length === 0) return result;
  const deliveries = await db
    .selectFrom('sales_delivery')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', [...orderIds])
    .orderBy('delivered_at')
    .orderBy('number')
    .execute();
  if (deliveries.length === 0) return result;
  const lines = await db
    .selectFrom('sales_delivery_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'delivery_id',
      'in',
      deliveries.map((delivery) => delivery.id),
    )
    .orderBy('line_no')
    .execute();
  for (const delivery of deliveries) {
    const summary: DeliverySummary = {
      id: delivery.id,
      number: delivery.number,
      delivered_at: delivery.delivered_at.toISOString(),
      lines: lines
        .filter((line) => line.delivery_id === delivery.id)
        .map((line) => ({ line_no: line.line_no, quantity: plain(line.quantity), movement_ids: line.movement_ids })),
    };
    result.set(delivery.order_id, [...(result.get(delivery.order_id) ?? []), summary]);
  }
  return result;
}
