import { describe, expect, it } from 'vitest';
import { nextPeriodStatus, type PeriodAction, type PeriodStatus, periodLabel } from '../../src/domain/period-status.js';

describe('nextPeriodStatus', () => {
  it.each<[PeriodStatus, PeriodAction, PeriodStatus]>([
    ['open', 'close', 'closed'],
    ['closed', 'reopen', 'open'],
    ['open', 'lock', 'locked'],
    ['closed', 'lock', 'locked'],
  ])('should move a %s period on %s to %s', (from, action, to) => {
    expect(nextPeriodStatus('2026-01', from, action)).toBe(to);
  });

  it.each<[PeriodStatus, PeriodAction]>([
    ['open', 'reopen'],
    ['closed', 'close'],
    ['locked', 'reopen'],
    ['locked', 'close'],
    ['locked', 'lock'],
  ])('should refuse to %2$s a %1$s period', (from, action) => {
    expect(() => nextPeriodStatus('2026-01', from, action)).toThrow(expect.objectContaining({ code: 'FIN_PERIOD_TRANSITION', status: 409 }));
  });

  it('should label periods as year and two-digit month number', () => {
    expect(periodLabel(2026, 3)).toBe('2026-03');
  });
});
