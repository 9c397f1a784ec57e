import { describe, expect, it } from 'vitest';
import { formatAmount, formatRate, Money, parseAmount, parseRate, toCents } from '../../src/domain/money.js';

describe('parseAmount', () => {
  it.each([
    ['119.00', '119.00'],
    ['5', '5.00'],
    ['0.01', '0.01'],
    ['1.5', '1.50'],
    ['9999999999999999.99', '9999999999999999.99'],
  ])('should read %s as %s', (text, expected) => {
    const amount = parseAmount(text);

    expect(typeof amount === 'string' ? amount : formatAmount(amount)).toBe(expected);
  });

  it.each([
    ['1,5', 'format'],
    ['1e3', 'format'],
    ['1.005', 'format'],
    ['-1.00', 'format'],
    ['+1.00', 'format'],
    [' 1.00', 'format'],
    ['1.', 'format'],
    ['.5', 'format'],
    ['01.00', 'format'],
    ['0x10', 'format'],
    ['Infinity', 'format'],
    ['', 'format'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['10000000000000000.00', 'format'],
  ])('should refuse %j as %s', (text, problem) => {
    expect(parseAmount(text)).toBe(problem);
  });
});

describe('toCents', () => {
  it.each([
    ['2.345', '2.35'],
    ['2.344', '2.34'],
    ['0.005', '0.01'],
    ['0.0049999', '0.00'],
    ['15.965', '15.97'],
  ])('should round %s half-up to %s', (value, expected) => {
    expect(formatAmount(toCents(new Money(value)))).toBe(expected);
  });

  it('should be exact where a binary float is not (1.005 is 1.00499999... as a double)', () => {
    expect(formatAmount(toCents(new Money('1.005')))).toBe('1.01');
  });
});

describe('parseRate', () => {
  it('should read rates with up to six decimals and print them as numeric(14,6) does', () => {
    expect(formatRate(parseRate('1.0856') ?? new Money(0))).toBe('1.085600');
    expect(formatRate(parseRate('161') ?? new Money(0))).toBe('161.000000');
  });

  it.each(['0', '0.000000', '1.0000001', '-1', '1e2', '1,08'])('should refuse %j', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });
});
