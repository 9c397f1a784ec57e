import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHaveDocuments, SALES_ORDER_ACTIONS, SALES_ORDER_STATUSES, salesTransition } from '../../src/domain/sales-order-states.js';

const progress = fc.record({ fullyDelivered: fc.boolean(), fullyInvoiced: fc.boolean() });

describe('mayHaveDocuments', () => {
  it('should name the statuses after a delivery, and no status before one', () => {
    expect(SALES_ORDER_STATUSES.filter(mayHaveDocuments)).toEqual(['partially_delivered', 'delivered', 'invoiced']);
  });

  it('should hold for every status a delivery, an invoice or a credit note leads to', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SALES_ORDER_STATUSES), fc.constantFrom('deliver', 'invoice', 'credit' as const), progress, (status, action, after) => {
        const result = salesTransition(status, action, after);
        return !result.ok || mayHaveDocuments(result.status);
      }),
    );
  });

  it('should never be left by any step, so an order that has documents never reaches a status said to have none', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SALES_ORDER_STATUSES), fc.constantFrom(...SALES_ORDER_ACTIONS), progress, (status, action, after) => {
        const result = salesTransition(status, action, after);
        return !mayHaveDocuments(status) || !result.ok || mayHaveDocuments(result.status);
      }),
    );
  });
});
