import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBaseAmounts } from '../../src/domain/base-currency.js';
import { formatAmount, Money, sum } from '../../src/domain/money.js';
import type { CurrencyLine } from '../../src/domain/tax-lines.js';

const line = (side: 'debit' | 'credit', amount: string): CurrencyLine => ({
  source: 0,
  account: '1200',
  side,
  amount: new Money(amount),
  taxCode: null,
  generated: false,
  text: null,
});

describe('toBaseAmounts', () => {
  it('should divide by the rate and round half-up to cents', () => {
    const base = toBaseAmounts([line('debit', '108.56'), line('credit', '108.56')], new Money('1.0856'));

    expect(Array.isArray(base) && base.map(formatAmount)).toEqual(['100.00', '100.00']);
  });

  it('should put the rounding difference on the first largest line', () => {
    const base = toBaseAmounts([line('credit', '1.00'), line('credit', '1.00'), line('credit', '1.00'), line('debit', '3.00')], new Money('0.3'));

    // 1.00 / 0.3 = 3.33 (x3 = 9.99) against 3.00 / 0.3 = 10.00: the debit drops to 9.99.
    expect(Array.isArray(base) && base.map(formatAmount)).toEqual(['3.33', '3.33', '3.33', '9.99']);
  });

  it('should report the first line worth less than a cent', () => {
    expect(toBaseAmounts([line('debit', '0.01'), line('credit', '0.01')], new Money('400'))).toEqual({ zeroAt: 0 });
  });

  it('should always balance balanced currency lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 100, max: 100_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 100_000, max: 5_000_000 }),
        (cents, rateMicros) => {
          const amounts = cents.map((value) => formatAmount(new Money(value).dividedBy(100)));
          const total = formatAmount(sum(amounts.map((amount) => new Money(amount))));
          const lines = [...amounts.map((amount) => line('debit', amount)), line('credit', total)];

          const base = toBaseAmounts(lines, new Money(rateMicros).dividedBy(1_000_000));

          if (!Array.isArray(base)) throw new Error('a cent-worthy line converted to zero');
          const debits = sum(base.slice(0, -1));
          expect(formatAmount(debits)).toBe(formatAmount(base.at(-1) ?? new Money(0)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
