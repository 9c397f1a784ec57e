import { describe, expect, it } from 'vitest';
import type { TaxCode } from '../../src/domain/chart.js';
import type { ParsedLine } from '../../src/domain/line-checks.js';
import { formatAmount, Money } from '../../src/domain/money.js';
import { SKR03 } from '../../src/domain/skr03.js';
import { expandTax, taxOfGross, taxOfNet } from '../../src/domain/tax-lines.js';

const taxCode = (code: string): TaxCode => {
  const found = SKR03.taxCodes.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no tax code ${code}`);
  return found;
};

const line = (account: string, side: 'debit' | 'credit', amount: string, code: string | null): ParsedLine => ({
  index: 0,
  account,
  side,
  amount: new Money(amount),
  taxCode: code ? taxCode(code) : null,
  text: null,
});

const shape = (lines: ReturnType<typeof expandTax>) => lines.map((item) => `${item.side} ${item.account} ${formatAmount(item.amount)} ${item.taxCode ?? '-'}`);

describe('taxOfGross and taxOfNet', () => {
  it.each([
    ['119.00', '19', '19.00'],
    ['10.00', '19', '1.60'],
    ['107.00', '7', '7.00'],
    ['0.05', '19', '0.01'],
    ['0.02', '19', '0.00'],
    ['1.07', '7', '0.07'],
  ])('should find %s gross at %s %% to contain %s tax, rounded half-up', (gross, rate, tax) => {
    expect(formatAmount(taxOfGross(new Money(gross), new Money(rate)))).toBe(tax);
  });

  it.each([
    ['100.00', '19', '19.00'],
    ['0.05', '19', '0.01'],
    ['33.33', '7', '2.33'],
    ['12.50', '19', '2.38'],
  ])('should find %s net at %s %% to owe %s tax', (net, rate, tax) => {
    expect(formatAmount(taxOfNet(new Money(net), new Money(rate)))).toBe(tax);
  });
});

describe('expandTax', () => {
  it('should split a gross sale of 119.00 into 100.00 revenue and 19.00 output tax on 1776', () => {
    expect(shape(expandTax(line('8400', 'credit', '119.00', 'USt19')))).toEqual(['credit 8400 100.00 USt19', 'credit 1776 19.00 USt19']);
  });

  it('should take 7 % output tax to 1771 and input tax to 1571 and 1576', () => {
    expect(shape(expandTax(line('8300', 'credit', '107.00', 'USt7')))).toEqual(['credit 8300 100.00 USt7', 'credit 1771 7.00 USt7']);
    expect(shape(expandTax(line('3300', 'debit', '107.00', 'VSt7')))).toEqual(['debit 3300 100.00 VSt7', 'debit 1571 7.00 VSt7']);
    expect(shape(expandTax(line('3400', 'debit', '119.00', 'VSt19')))).toEqual(['debit 3400 100.00 VSt19', 'debit 1576 19.00 VSt19']);
  });

  it('should add reverse-charge tax twice on a net amount: input tax on the line side, output tax opposite', () => {
    expect(shape(expandTax(line('3125', 'debit', '1000.00', 'RC19')))).toEqual([
      'debit 3125 1000.00 RC19',
      'debit 1577 190.00 RC19',
      'credit 1787 190.00 RC19',
    ]);
  });

  it('should treat an intra-EU acquisition like reverse charge on its own accounts', () => {
    expect(shape(expandTax(line('3425', 'debit', '500.00', 'IGE19')))).toEqual([
      'debit 3425 500.00 IGE19',
      'debit 1574 95.00 IGE19',
      'credit 1774 95.00 IGE19',
    ]);
  });

  it('should keep an exempt line whole and mark it with its code', () => {
    expect(shape(expandTax(line('8125', 'credit', '2500.00', 'IGL')))).toEqual(['credit 8125 2500.00 IGL']);
  });

  it('should write no tax line for a tax that rounds to 0.00', () => {
    expect(shape(expandTax(line('8400', 'credit', '0.02', 'USt19')))).toEqual(['credit 8400 0.02 USt19']);
  });

  it('should leave a line without tax code alone', () => {
    expect(shape(expandTax(line('1200', 'debit', '119.00', null)))).toEqual(['debit 1200 119.00 -']);
  });
});
