import type { TransitionResult } from './sales-order-states.js';

/** Where a purchase order stands: drafted, sent to the supplier (ordered), received in part or in full, invoiced, or cancelled. */
export type PurchaseOrderStatus = 'draft' | 'ordered' | 'partially_received' | 'received' | 'invoiced' | 'cancelled';

/** What can happen to a purchase order; each is a POST on it. */
export type PurchaseOrderAction = 'order' | 'receive' | 'record_invoice' | 'cancel';

export const PURCHASE_ORDER_STATUSES: readonly PurchaseOrderStatus[] = ['draft', 'ordered', 'partially_received', 'received', 'invoiced', 'cancelled'];
export const PURCHASE_ORDER_ACTIONS: readonly PurchaseOrderAction[] = ['order', 'receive', 'record_invoice', 'cancel'];

/** How far the lines are after the action: every line received in full, and every line invoiced in full. */
export interface PurchaseProgress {
  readonly fullyReceived: boolean;
  readonly fullyInvoiced: boolean;
}

type Target = PurchaseOrderStatus | ((progress: PurchaseProgress) => PurchaseOrderStatus);

const afterReceipt = (progress: PurchaseProgress): PurchaseOrderStatus => (progress.fullyReceived ? 'received' : 'partially_received');
const afterInvoice = (progress: PurchaseProgress): PurchaseOrderStatus => (progress.fullyReceived && progress.fullyInvoiced ? 'invoiced' : 'received');

// A purchase order with receipts can no longer be cancelled: the goods are in stock and the supplier will bill them.
const TRANSITIONS: Readonly<Record<PurchaseOrderStatus, Partial<Record<PurchaseOrderAction, Target>>>> = {
  draft: { order: 'ordered', cancel: 'cancelled' },
  ordered: { receive: afterReceipt, cancel: 'cancelled' },
  partially_received: { receive: afterReceipt, record_invoice: 'partially_received' },
  received: { record_invoice: afterInvoice },
  invoiced: {},
  cancelled: {},
};

export function allowedPurchaseActions(status: PurchaseOrderStatus): PurchaseOrderAction[] {
  return PURCHASE_ORDER_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

/** The status a purchase order reaches by `action`, or the refusal naming the current status and the actions it allows. */
export function purchaseTransition(
  status: PurchaseOrderStatus,
  action: PurchaseOrderAction,
  progress: PurchaseProgress = { fullyReceived: false, fullyInvoiced: false },
): TransitionResult<PurchaseOrderStatus, PurchaseOrderAction> {
  const target = TRANSITIONS[status][action];
  if (target === undefined) return { ok: false, status, action, allowed: allowedPurchaseActions(status) };
  return { ok: true, status: typeof target === 'function' ? target(progress) : target };
}
