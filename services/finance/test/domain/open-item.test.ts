import { describe, expect, it } from 'vitest';
import { addDays, agingBucket, businessDay, daysBetween, daysOverdue, dunningLevelFor, isOwedByPartner } from '../../src/domain/open-item.js';
import { toAging } from '../../src/domain/open-item-aging.js';

describe('dunningLevelFor', () => {
  it.each([
    [0, 0],
    [1, 1],
    [14, 1],
    [15, 2],
    [28, 2],
    [29, 3],
    [400, 3],
  ])('should give level %#: %i days overdue reach level %i with [0, 14, 28]', (days, level) => {
    expect(dunningLevelFor(days, [0, 14, 28])).toBe(level);
  });
});

describe('calendar days', () => {
  it('should count across months, leap days and the change to summer time', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-10', 10)).toBe('2026-03-20');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysOverdue('2026-04-09', '2026-04-01')).toBe(0);
    expect(daysOverdue('2026-04-09', '2026-05-08')).toBe(29);
  });

  it("should take the business day in the company's time zone, not UTC's", () => {
    expect(businessDay(new Date('2026-04-09T22:30:00Z'), 'Europe/Berlin')).toBe('2026-04-10');
    expect(businessDay(new Date('2026-04-09T22:30:00Z'), 'UTC')).toBe('2026-04-09');
  });
});

describe('isOwedByPartner', () => {
  it('should say who owes an item: the partner for invoices of customers and credits with suppliers', () => {
    expect([
      isOwedByPartner('receivable', 'invoice'),
      isOwedByPartner('receivable', 'credit_note'),
      isOwedByPartner('payable', 'invoice'),
      isOwedByPartner('payable', 'payment_on_account'),
    ]).toEqual([true, false, false, true]);
  });
});

describe('toAging', () => {
  const partner = { id: 'p', number: 'K1', name: 'Kunde' };

  it.each([
    [-5, 'not_due'],
    [0, 'not_due'],
    [1, 'overdue_1_30'],
    [30, 'overdue_1_30'],
    [31, 'overdue_31_60'],
    [61, 'overdue_61_90'],
    [90, 'overdue_61_90'],
    [91, 'overdue_over_90'],
  ])('should put %i days overdue into %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('should add exact decimals per partner and currency, keep credits apart and never mix currencies', () => {
    const aging = toAging(
      [
        { partner, currency: 'EUR', documentType: 'invoice', dueDate: '2026-04-30', open: '0.10' },
        { partner, currency: 'EUR', documentType: 'invoice', dueDate: '2026-04-01', open: '0.20' },
        { partner, currency: 'EUR', documentType: 'payment_on_account', dueDate: '2026-04-01', open: '5.00' },
        { partner, currency: 'USD', documentType: 'invoice', dueDate: '2025-12-01', open: '99.99' },
      ],
      '2026-05-01',
    );

    expect(aging.rows).toEqual([
      expect.objectContaining({ currency: 'EUR', overdue_1_30: '0.30', total: '0.30', credits: '5.00' }),
      expect.objectContaining({ currency: 'USD', overdue_over_90: '99.99', total: '99.99', credits: '0.00' }),
    ]);
    expect(aging.totals.map((total) => [total.currency, total.total])).toEqual([
      ['EUR', '0.30'],
      ['USD', '99.99'],
    ]);
  });
});
