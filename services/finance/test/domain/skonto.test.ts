import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, Money, sum } from '../../src/domain/money.js';
import { isWithinSkontoPeriod, skontoAmount, skontoShares, splitByWeight } from '../../src/domain/skonto.js';

const amounts = (values: readonly Money[]) => values.map(formatAmount);

describe('skontoAmount', () => {
  it.each([
    ['172.50', '2', '3.45'],
    ['211.42', '3', '6.34'],
    ['1516.28', '2', '30.33'],
    ['0.25', '2', '0.01'],
    ['0.24', '2', '0.00'],
  ])('should take %s %% of %s half-up to the cent', (open, percent, skonto) => {
    expect(formatAmount(skontoAmount(new Money(open), new Money(percent)))).toBe(skonto);
  });
});

describe('splitByWeight', () => {
  it('should put the rounding difference on the share of the largest weight', () => {
    expect(amounts(splitByWeight(new Money('0.10'), [new Money(1), new Money(1), new Money(1)]))).toEqual(['0.04', '0.03', '0.03']);
    expect(amounts(splitByWeight(new Money('1.00'), [new Money(1), new Money(2)]))).toEqual(['0.33', '0.67']);
    expect(amounts(splitByWeight(new Money('5.00'), [new Money(0), new Money(0)]))).toEqual(['5.00', '0.00']);
  });

  it('should always split into shares that add up to the total exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_00 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_00 }), { minLength: 1, maxLength: 10 }),
        (totalCents, weightCents) => {
          const total = new Money(totalCents).dividedBy(100);
          const shares = splitByWeight(
            total,
            weightCents.map((cents) => new Money(cents).dividedBy(100)),
          );

          expect(sum(shares).equals(total)).toBe(true);
          expect(shares.every((share) => share.decimalPlaces() <= 2)).toBe(true);
        },
      ),
    );
  });
});

describe('skontoShares', () => {
  it('should split 6.34 of Skonto over 118.99 at 19 % and 92.43 at 7 % as 3.57 and 2.77', () => {
    const shares = skontoShares(new Money('6.34'), [
      { taxCode: 'USt19', gross: new Money('118.99') },
      { taxCode: 'USt7', gross: new Money('92.43') },
    ]);

    expect(shares.map((share) => [share.taxCode, formatAmount(share.amount)])).toEqual([
      ['USt19', '3.57'],
      ['USt7', '2.77'],
    ]);
  });

  it('should leave out groups whose share rounds to nothing', () => {
    const shares = skontoShares(new Money('0.02'), [
      { taxCode: 'USt19', gross: new Money('1000.00') },
      { taxCode: 'USt7', gross: new Money('1.00') },
    ]);

    expect(shares.map((share) => share.taxCode)).toEqual(['USt19']);
  });
});

describe('isWithinSkontoPeriod', () => {
  it('should include the last day of the period', () => {
    expect([isWithinSkontoPeriod('2026-03-20', '2026-03-20'), isWithinSkontoPeriod('2026-03-21', '2026-03-20')]).toEqual([true, false]);
  });
});
