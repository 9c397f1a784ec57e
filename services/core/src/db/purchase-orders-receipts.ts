import { type Kysely, sql, type Transaction } from 'kysely';
import type { GoodsReceipt } from '../domain/purchase-order.js';
import { cents, plain } from './orders-rows.js';
import type { CoreDb } from './schema.js';

export interface NewGoodsReceipt {
  id: string;
  number: string;
  orderId: string;
  receivedOn: string;
  totalValue: string;
  actorId: string | null;
  lines: readonly GoodsReceipt['lines'][number][];
}

export async function insertGoodsReceipt(trx: Transaction<CoreDb>, tenantId: string, receipt: NewGoodsReceipt): Promise<void> {
  await trx
    .insertInto('goods_receipt')
    .values({
      tenant_id: tenantId,
      id: receipt.id,
      number: receipt.number,
      order_id: receipt.orderId,
      received_on: receipt.receivedOn,
      total_value: receipt.totalValue,
      actor_id: receipt.actorId,
    })
    .execute();
  await trx
    .insertInto('goods_receipt_line')
    .values(
      receipt.lines.map((line) => ({
        tenant_id: tenantId,
        receipt_id: receipt.id,
        order_id: receipt.orderId,
        line_no: line.line_no,
        quantity: line.quantity,
        unit_cost: line.unit_cost,
        value: line.value,
        movement_id: line.movement_id,
      })),
    )
    .execute();
}

/** The goods receipts of each purchase order, oldest first. */
export async function findReceiptsOf(db: Kysely<CoreDb>, tenantId: string, orderIds: readonly string[]): Promise<Map<string, GoodsReceipt[]>> {
  const result = new Map<string, GoodsReceipt[]>();
  if (orderIds.length === 0) return result;
  const receipts = await db
    .selectFrom('goods_receipt')
    .selectAll()
    .select(sql<string>`received_on::text`.as('received_on'))
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', [...orderIds])
    .orderBy('created_at')
    .orderBy('number')
    .execute();
  if (receipts.length === 0) return result;
  const lines = await db
    .selectFrom('goods_receipt_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'receipt_id',
      'in',
      receipts.map((receipt) => receipt.id),
    )
    .orderBy('line_no')
    .execute();
  for (const receipt of receipts) {
    const summary: GoodsReceipt = {
      id: receipt.id,
      number: receipt.number,
      received_on: receipt.received_on,
      total_value: cents(receipt.total_value),
      created_at: receipt.created_at.toISOString(),
      lines: lines
        .filter((line) => line.receipt_id === receipt.id)
        .map((line) => ({
          line_no: line.line_no,
          quantity: plain(line.quantity),
          unit_cost: plain(line.unit_cost),
          value: cents(line.value),
          movement_id: line.movement_id,
        })),
    };
    result.set(receipt.order_id, [...(result.get(receipt.order_id) ?? []), summary]);
  }
  return result;
}
