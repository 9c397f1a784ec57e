import type { CorePurchaseGoodsReceivedV1 } from '@erp/contracts';
import type { Transaction } from 'kysely';
import { lockSettings } from '../db/inventory-settings.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import { addToPurchaseLine, findPurchaseOrder, updatePurchaseOrder } from '../db/purchase-orders.js';
import { insertGoodsReceipt } from '../db/purchase-orders-receipts.js';
import type { CoreDb } from '../db/schema.js';
import { toCents, toPlain } from '../domain/document-totals.js';
import { berlinDay, isCalendarDay, yearOf } from '../domain/invoice-dates.js';
import { minus, planLineQuantities, plus } from '../domain/order-lines.js';
import type { FieldError } from '../domain/partner-rules.js';
import { type GoodsReceipt, type PurchaseLine, type PurchaseOrder, purchaseProgress } from '../domain/purchase-order.js';
import { Exact } from '../domain/stock-decimal.js';
import { PurchaseOrderNotFoundError, purchaseOrderInvalid } from '../errors.js';
import { recordMovement } from '../inventory/record-movement.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { emitGoodsReceived } from './purchase-events.js';
import { lockPurchaseOrderForChange, nextPurchaseStatus } from './purchase-lock.js';
import { linesByProduct, moveIncoming } from './transitions.js';

export interface ReceiptInput {
  received_on?: string | undefined;
  lines?: readonly { line_no: number; quantity: string; unit_cost?: string | undefined }[] | undefined;
}

function receivedOnOf(input: ReceiptInput, today: string): string | FieldError {
  if (input.received_on === undefined) return today;
  if (!isCalendarDay(input.received_on)) return { pointer: '/received_on', detail: 'is not a day of the calendar.' };
  return input.received_on > today ? { pointer: '/received_on', detail: `must not be after today (${today}).` } : input.received_on;
}

function toEvent(order: PurchaseOrder, receipt: GoodsReceipt): CorePurchaseGoodsReceivedV1 {
  return {
    goods_receipt_id: receipt.id,
    goods_receipt_number: receipt.number,
    purchase_order_id: order.id,
    purchase_order_number: order.number,
    received_on: receipt.received_on,
    supplier: order.supplier,
    currency: order.currency,
    exchange_rate: order.exchange_rate,
    lines: receipt.lines.map((item) => {
      const line = order.lines.find((candidate) => candidate.line_no === item.line_no) as PurchaseLine;
      return {
        line_no: item.line_no,
        product_id: line.product_id,
        sku: line.sku,
        description: line.description,
        quantity: item.quantity,
        unit: line.unit,
        unit_cost: item.unit_cost,
        value: item.value,
      };
    }),
    total_value: receipt.total_value,
  };
}

/**
 * A goods receipt of an ordered purchase order: the quantities named per line (at most what is still to
 * come, at the order's price unless `unit_cost` says otherwise) or everything still to come. Each line is a
 * receipt movement of the ledger, valued by the tenant's method (average cost or FIFO layer), and no longer
 * counts as incoming.
 */
export async function receiveGoods(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  input: ReceiptInput,
  newId: () => string,
  now: Date,
): Promise<{ receipt: GoodsReceipt; order: PurchaseOrder }> {
  const { tenantId } = actor;
  const order = await lockPurchaseOrderForChange(trx, tenantId, id, precondition);
  nextPurchaseStatus(order, 'receive');
  const receivedOn = receivedOnOf(input, berlinDay(now));
  const open = order.lines.map((line) => ({ line_no: line.line_no, unit: line.unit, open: minus(line.quantity, line.received_quantity) }));
  const plan = planLineQuantities(open, input.lines, '/lines', 'received');
  const errors = [...(typeof receivedOn === 'string' ? [] : [receivedOn]), ...('errors' in plan ? plan.errors : [])];
  if (errors.length > 0 || 'errors' in plan || typeof receivedOn !== 'string') throw purchaseOrderInvalid(errors);
  if (plan.items.length === 0) throw purchaseOrderInvalid([{ pointer: '/lines', detail: 'names nothing to receive: every line is received in full.' }]);
  await lockSettings(trx, tenantId, 'share');
  const received: GoodsReceipt['lines'] = [];
  for (const line of linesByProduct(order.lines.filter((candidate) => plan.items.some((item) => item.line_no === candidate.line_no)))) {
    const quantity = plan.items.find((item) => item.line_no === line.line_no)?.quantity ?? '0';
    const unitCost = toPlain(input.lines?.find((item) => item.line_no === line.line_no)?.unit_cost ?? line.unit_price);
    const movement = await recordMovement(
      trx,
      actor,
      {
        kind: 'receipt',
        product_id: line.product_id,
        quantity,
        to: { warehouse_id: order.warehouse_id },
        unit_cost: { amount: unitCost, currency: order.currency },
        reason: `Wareneingang zu ${order.number}`,
        reference: { type: 'purchase_order_line', id: line.id },
      },
      newId,
    );
    await addToPurchaseLine(trx, tenantId, order.id, line.line_no, 'received_quantity', quantity);
    received.push({ line_no: line.line_no, quantity, unit_cost: unitCost, value: toCents(new Exact(quantity).times(unitCost)), movement_id: movement.id });
  }
  await moveIncoming(
    trx,
    tenantId,
    order,
    received.map((item) => ({ line: order.lines.find((line) => line.line_no === item.line_no) as PurchaseLine, delta: `-${item.quantity}` })),
  );
  const after = order.lines.map((line) => {
    const item = plan.items.find((candidate) => candidate.line_no === line.line_no);
    return item ? { ...line, received_quantity: plus(line.received_quantity, item.quantity) } : line;
  });
  await updatePurchaseOrder(trx, tenantId, order, { status: nextPurchaseStatus(order, 'receive', purchaseProgress(after)) });
  const lines = [...received].sort((a, b) => a.line_no - b.line_no);
  const totalValue = toCents(lines.reduce((total, item) => total.plus(item.value), new Exact(0)));
  const { number } = await drawDocumentNumber(trx, tenantId, 'goods_receipt', yearOf(berlinDay(now)));
  const receiptId = newId();
  await insertGoodsReceipt(trx, tenantId, { id: receiptId, number, orderId: order.id, receivedOn, totalValue, actorId: actor.userId, lines });
  const updated = await findPurchaseOrder(trx, tenantId, order.id);
  const receipt = updated?.receipts.find((candidate) => candidate.id === receiptId);
  if (!updated || !receipt) throw new PurchaseOrderNotFoundError(order.id);
  await emitGoodsReceived(trx, actor, toEvent(updated, receipt));
  return { receipt, order: updated };
}
