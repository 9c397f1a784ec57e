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

const DOCUMENT_ACTIONS: readonly SalesOrderAction[] = ['deliver', 'invoice', 'credit'];
const PROGRESSES: readonly SalesProgress[] = [false, true].flatMap((fullyDelivered) =>
  [false, true].map((fullyInvoiced) => ({ fullyDelivered, fullyInvoiced })),
);

/**
 * The statuses reached by a delivery, an invoice or a credit note, and every status reachable from them.
 * Deliveries, invoices and credit notes are written only by those actions, so a document in any other
 * status has none of them, and reading them can be skipped. Derived from the transitions, so it follows
 * any change to them.
 */
function statusesWithDocuments(): ReadonlySet<SalesOrderStatus> {
  const reached = new Set<SalesOrderStatus>();
  const next = (status: SalesOrderStatus, actions: readonly SalesOrderAction[]) =>
    actions
      .flatMap((action) => PROGRESSES.map((progress) => salesTransition(status, action, progress)))
      .flatMap((result) => (result.ok ? [result.status] : []));
  const queue = SALES_ORDER_STATUSES.flatMap((status) => next(status, DOCUMENT_ACTIONS));
  for (let status = queue.pop(); status !== undefined; status = queue.pop()) {
    if (reached.has(status)) continue;
    reached.add(status);
    queue.push(...next(status, SALES_ORDER_ACTIONS));
  }
  return reached;
}

const WITH_DOCUMENTS = statusesWithDocuments();

/** Whether a sales document in this status can have deliveries, invoices or credit notes. */
export function mayHaveDocuments(status: SalesOrderStatus): boolean {
  return WITH_DOCUMENTS.has(status);
}
