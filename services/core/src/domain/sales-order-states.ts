/** Where a sales document stands: an offer (quote), an accepted order, confirmed (stock reserved), delivered, invoiced, or cancelled. */
export type SalesOrderStatus = 'quote' | 'order' | 'confirmed' | 'partially_delivered' | 'delivered' | 'invoiced' | 'cancelled';

/** What can happen to a sales document; each is a POST on it. */
export type SalesOrderAction = 'accept' | 'confirm' | 'deliver' | 'invoice' | 'credit' | 'cancel';

export const SALES_ORDER_STATUSES: readonly SalesOrderStatus[] = ['quote', 'order', 'confirmed', 'partially_delivered', 'delivered', 'invoiced', 'cancelled'];
export const SALES_ORDER_ACTIONS: readonly SalesOrderAction[] = ['accept', 'confirm', 'deliver', 'invoice', 'credit', 'cancel'];

/** How far the lines are after the action: every line delivered in full, and every line invoiced in full. */
export interface SalesProgress {
  readonly fullyDelivered: boolean;
  readonly fullyInvoiced: boolean;
}

type Target = SalesOrderStatus | ((progress: SalesProgress) => SalesOrderStatus);

const afterDelivery = (progress: SalesProgress): SalesOrderStatus => (progress.fullyDelivered ? 'delivered' : 'partially_delivered');
const afterInvoice = (progress: SalesProgress): SalesOrderStatus => (progress.fullyDelivered && progress.fullyInvoiced ? 'invoiced' : 'delivered');

// Cancelling is possible only before anything left the warehouse; afterwards a credit note corrects an invoice.
const TRANSITIONS: Readonly<Record<SalesOrderStatus, Partial<Record<SalesOrderAction, Target>>>> = {
  quote: { accept: 'order', cancel: 'cancelled' },
  order: { confirm: 'confirmed', cancel: 'cancelled' },
  confirmed: { deliver: afterDelivery, cancel: 'cancelled' },
  partially_delivered: { deliver: afterDelivery, invoice: 'partially_delivered', credit: 'partially_delivered' },
  delivered: { invoice: afterInvoice, credit: 'delivered' },
  invoiced: { credit: 'invoiced' },
  cancelled: {},
};

/** The actions the status allows, in the order of {@link SALES_ORDER_ACTIONS}. */
export function allowedSalesActions(status: SalesOrderStatus): SalesOrderAction[] {
  return SALES_ORDER_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

export type TransitionResult<Status, Action> = { ok: true; status: Status } | { ok: false; status: Status; action: Action; allowed: Action[] };

/**
 * The status a sales document reaches by `action`, given how far its lines are afterwards; or, if the status
 * does not allow the action, the refusal naming the current status and the actions it allows.
 */
export function salesTransition(
  status: SalesOrderStatus,
  action: SalesOrderAction,
  progress: SalesProgress = { fullyDelivered: false, fullyInvoiced: false },
): TransitionResult<SalesOrderStatus, SalesOrderAction> {
  const target = TRANSITIONS[status][action];
  if (target === undefined) return { ok: false, status, action, allowed: allowedSalesActions(status) };
  return { ok: true, status: typeof target === 'function' ? target(progress) : target };
}
