import { describe, expect, it } from 'vitest';
import { formatPartnerNumber, NUMBER_SERIES, normalisePartnerNumber } from '../../src/domain/number-series.js';

describe('formatPartnerNumber', () => {
  it('should put the prefix before the value drawn', () => {
    expect(formatPartnerNumber('K', 10001)).toBe('K10001');
    expect(formatPartnerNumber('L', '70001')).toBe('L70001');
    expect(formatPartnerNumber('', '123456789012345678')).toBe('123456789012345678');
  });

  it.each([0, -1, 1.5, '0100', 'abc', '1e5'])('should refuse the value %s', (value) => {
    expect(() => formatPartnerNumber('K', value)).toThrow(RangeError);
  });

  it('should start customers at K10001 and suppliers at L70001', () => {
    expect(formatPartnerNumber(NUMBER_SERIES.customer.prefix, NUMBER_SERIES.customer.first)).toBe('K10001');
    expect(formatPartnerNumber(NUMBER_SERIES.supplier.prefix, NUMBER_SERIES.supplier.first)).toBe('L70001');
  });
});

describe('normalisePartnerNumber', () => {
  it('should trim and upper-case a number as typed', () => {
    expect(normalisePartnerNumber(' k10001 ')).toBe('K10001');
  });
});
