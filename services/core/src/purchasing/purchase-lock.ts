import type { Transaction } from 'kysely';
import { lockPurchaseOrder } from '../db/purchase-orders.js';
import type { CoreDb } from '../db/schema.js';
import type { PurchaseOrder } from '../domain/purchase-order.js';
import { type PurchaseOrderAction, type PurchaseOrderStatus, type PurchaseProgress, purchaseTransition } from '../domain/purchase-order-states.js';
import { PreconditionFailedError, PurchaseOrderNotFoundError, PurchaseOrderTransitionInvalidError } from '../errors.js';
import type { Precondition } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';

/** Locks the purchase order for a change; 404 if it is not the tenant's, 412 if the client's ETag is not the current one. */
export async function lockPurchaseOrderForChange(trx: Transaction<CoreDb>, tenantId: string, id: string, precondition: Precondition): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(trx, tenantId, id);
  if (!order) throw new PurchaseOrderNotFoundError(id);
  if (!precondition.any && !precondition.versions.includes(order.version)) throw new PreconditionFailedError(etagOf(order));
  return order;
}

/** The status the action leads to, or 409 `CORE_PURCHASE_ORDER_TRANSITION_INVALID` naming the current status and the allowed actions. */
export function nextPurchaseStatus(
  order: Pick<PurchaseOrder, 'number' | 'status'>,
  action: PurchaseOrderAction,
  progress?: PurchaseProgress,
): PurchaseOrderStatus {
  const result = purchaseTransition(order.status, action, progress);
  if (!result.ok) throw new PurchaseOrderTransitionInvalidError(order.number, result.status, result.action, result.allowed);
  return result.status;
}
