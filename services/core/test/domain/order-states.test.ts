import { describe, expect, it } from 'vitest';
import {
  PURCHASE_ORDER_ACTIONS,
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrderAction,
  type PurchaseOrderStatus,
  purchaseTransition,
} from '../../src/domain/purchase-order-states.js';
import {
  SALES_ORDER_ACTIONS,
  SALES_ORDER_STATUSES,
  type SalesOrderAction,
  type SalesOrderStatus,
  salesTransition,
} from '../../src/domain/sales-order-states.js';

const done = { fullyDelivered: true, fullyInvoiced: true };
const partly = { fullyDelivered: false, fullyInvoiced: false };
const deliveredNotInvoiced = { fullyDelivered: true, fullyInvoiced: false };

// Every transition the sales state machine allows, with the progress of the lines afterwards and the expected status.
const SALES_ALLOWED: [SalesOrderStatus, SalesOrderAction, typeof done, SalesOrderStatus][] = [
  ['quote', 'accept', partly, 'order'],
  ['quote', 'cancel', partly, 'cancelled'],
  ['order', 'confirm', partly, 'confirmed'],
  ['order', 'cancel', partly, 'cancelled'],
  ['confirmed', 'deliver', partly, 'partially_delivered'],
  ['confirmed', 'deliver', deliveredNotInvoiced, 'delivered'],
  ['confirmed', 'cancel', partly, 'cancelled'],
  ['partially_delivered', 'deliver', partly, 'partially_delivered'],
  ['partially_delivered', 'deliver', deliveredNotInvoiced, 'delivered'],
  ['partially_delivered', 'invoice', partly, 'partially_delivered'],
  ['partially_delivered', 'credit', partly, 'partially_delivered'],
  ['delivered', 'invoice', deliveredNotInvoiced, 'delivered'],
  ['delivered', 'invoice', done, 'invoiced'],
  ['delivered', 'credit', deliveredNotInvoiced, 'delivered'],
  ['invoiced', 'credit', done, 'invoiced'],
];

describe('salesTransition', () => {
  it.each(SALES_ALLOWED)('should take %s by %s (progress %o) to %s', (status, action, progress, expected) => {
    expect(salesTransition(status, action, progress)).toEqual({ ok: true, status: expected });
  });

  const refused = SALES_ORDER_STATUSES.flatMap((status) =>
    SALES_ORDER_ACTIONS.filter((action) => !SALES_ALLOWED.some(([from, allowed]) => from === status && allowed === action)).map(
      (action) => [status, action] as const,
    ),
  );

  it.each(refused)('should refuse %s → %s, naming the actions the status allows', (status, action) => {
    const allowed = [...new Set(SALES_ALLOWED.filter(([from]) => from === status).map(([, allowedAction]) => allowedAction))];

    const result = salesTransition(status, action, done);

    expect(result).toEqual({ ok: false, status, action, allowed: SALES_ORDER_ACTIONS.filter((candidate) => allowed.includes(candidate)) });
  });

  it('should cover all 42 pairs of status and action', () => {
    expect(new Set([...SALES_ALLOWED.map(([status, action]) => `${status}/${action}`), ...refused.map(([status, action]) => `${status}/${action}`)]).size).toBe(
      42,
    );
  });

  it('should never cancel once something was delivered, nor leave cancelled', () => {
    for (const status of ['partially_delivered', 'delivered', 'invoiced', 'cancelled'] as const) expect(salesTransition(status, 'cancel').ok).toBe(false);
    for (const action of SALES_ORDER_ACTIONS) expect(salesTransition('cancelled', action).ok).toBe(false);
  });
});

const received = { fullyReceived: true, fullyInvoiced: false };
const all = { fullyReceived: true, fullyInvoiced: true };
const some = { fullyReceived: false, fullyInvoiced: false };

const PURCHASE_ALLOWED: [PurchaseOrderStatus, PurchaseOrderAction, typeof all, PurchaseOrderStatus][] = [
  ['draft', 'order', some, 'ordered'],
  ['draft', 'cancel', some, 'cancelled'],
  ['ordered', 'receive', some, 'partially_received'],
  ['ordered', 'receive', received, 'received'],
  ['ordered', 'cancel', some, 'cancelled'],
  ['partially_received', 'receive', some, 'partially_received'],
  ['partially_received', 'receive', received, 'received'],
  ['partially_received', 'record_invoice', some, 'partially_received'],
  ['received', 'record_invoice', received, 'received'],
  ['received', 'record_invoice', all, 'invoiced'],
];

describe('purchaseTransition', () => {
  it.each(PURCHASE_ALLOWED)('should take %s by %s (progress %o) to %s', (status, action, progress, expected) => {
    expect(purchaseTransition(status, action, progress)).toEqual({ ok: true, status: expected });
  });

  const refused = PURCHASE_ORDER_STATUSES.flatMap((status) =>
    PURCHASE_ORDER_ACTIONS.filter((action) => !PURCHASE_ALLOWED.some(([from, allowed]) => from === status && allowed === action)).map(
      (action) => [status, action] as const,
    ),
  );

  it.each(refused)('should refuse %s → %s, naming the actions the status allows', (status, action) => {
    const allowed = [...new Set(PURCHASE_ALLOWED.filter(([from]) => from === status).map(([, allowedAction]) => allowedAction))];

    expect(purchaseTransition(status, action, all)).toEqual({
      ok: false,
      status,
      action,
      allowed: PURCHASE_ORDER_ACTIONS.filter((candidate) => allowed.includes(candidate)),
    });
  });
});
