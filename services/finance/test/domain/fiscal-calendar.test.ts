import { describe, expect, it } from 'vitest';
import { toFiscalYearSpan } from '../../src/domain/fiscal-calendar.js';

describe('toFiscalYearSpan', () => {
  it('should make a calendar year of twelve monthly periods by default', () => {
    const span = toFiscalYearSpan(2026);

    expect(span).toMatchObject({ year: 2026, startDate: '2026-01-01', endDate: '2026-12-31' });
    expect(span.periods).toHaveLength(12);
    expect(span.periods[1]).toEqual({ period: 2, startDate: '2026-02-01', endDate: '2026-02-28' });
    expect(span.periods[11]).toEqual({ period: 12, startDate: '2026-12-01', endDate: '2026-12-31' });
  });

  it('should know leap years', () => {
    expect(toFiscalYearSpan(2028).periods[1]?.endDate).toBe('2028-02-29');
  });

  it('should make a business year from July to June, named after the year it ends in', () => {
    const span = toFiscalYearSpan(2027, '2026-07-01');

    expect(span).toMatchObject({ startDate: '2026-07-01', endDate: '2027-06-30' });
    expect(span.periods.map((period) => period.startDate)).toEqual([
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
      '2027-05-01',
      '2027-06-01',
    ]);
  });

  it('should make a short year (Rumpfwirtschaftsjahr) from a start date and an end date', () => {
    const span = toFiscalYearSpan(2026, '2026-04-01', '2026-12-31');

    expect(span.periods).toHaveLength(9);
    expect(span.periods[0]).toEqual({ period: 1, startDate: '2026-04-01', endDate: '2026-04-30' });
  });

  it.each([
    [2026, '2026-01-02', undefined, 'first of a month'],
    [2026, '2026-01-01', '2026-06-15', 'last day of a month'],
    [2026, '2025-01-01', '2026-12-31', '1 to 12 months'],
    [2026, '2026-07-01', undefined, 'must end in 2026'],
    [2026, '2026-13-01', undefined, 'YYYY-MM-DD'],
    [2026, '26-01-01', undefined, 'YYYY-MM-DD'],
  ])('should refuse year %i from %s to %s (%s)', (year, start, end, reason) => {
    expect(() => toFiscalYearSpan(year, start, end)).toThrow(
      expect.objectContaining({ code: 'FIN_INVALID_FISCAL_YEAR', detail: expect.stringContaining(reason) }),
    );
  });
});
