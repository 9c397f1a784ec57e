import type { Transaction } from 'kysely';
import { lockSalesOrder } from '../db/orders.js';
import type { CoreDb } from '../db/schema.js';
import type { SalesOrder } from '../domain/sales-order.js';
import { type SalesOrderAction, type SalesOrderStatus, type SalesProgress, salesTransition } from '../domain/sales-order-states.js';
import { OrderNotFoundError, OrderTransitionInvalidError, PreconditionFailedError } from '../errors.js';
import type { Precondition } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';

/** Locks the order for a change; 404 if it is not the tenant's, 412 if the client's ETag is not the current one. */
export async function lockOrderForChange(trx: Transaction<CoreDb>, tenantId: string, id: string, precondition: Precondition): Promise<SalesOrder> {
  const order = await lockSalesOrder(trx, tenantId, id);
  if (!order) throw new OrderNotFoundError(id);
  if (!precondition.any && !precondition.versions.includes(order.version)) throw new PreconditionFailedError(etagOf(order));
  return order;
}

/** The status the action leads to, or 409 `CORE_ORDER_TRANSITION_INVALID` naming the current status and the allowed actions. */
export function nextStatus(order: Pick<SalesOrder, 'number' | 'status'>, action: SalesOrderAction, progress?: SalesProgress): SalesOrderStatus {
  const result = salesTransition(order.status, action, progress);
  if (!result.ok) throw new OrderTransitionInvalidError(order.number, result.status, result.action, result.allowed);
  return result.status;
}
