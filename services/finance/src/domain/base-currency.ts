import { type Money, sum, toCents, ZERO } from './money.js';
import type { CurrencyLine } from './tax-lines.js';

/**
 * Converts each line to euro at `rate` (units of the entry's currency per euro), rounding half-up to cents,
 * then puts the rounding difference between the euro debits and credits on the line with the largest euro
 * amount (the first of equals), so that the euro amounts balance exactly as the currency amounts do.
 * Returns the euro amount per line, or the index of the first line whose euro amount would be 0.00.
 */
export function toBaseAmounts(lines: readonly CurrencyLine[], rate: Money): Money[] | { zeroAt: number } {
  const base = lines.map((line) => toCents(line.amount.dividedBy(rate)));
  const debits = sum(base.filter((_, index) => lines[index]?.side === 'debit'));
  const credits = sum(base.filter((_, index) => lines[index]?.side === 'credit'));
  const difference = debits.minus(credits);
  if (!difference.isZero()) {
    const largest = base.reduce((best, amount, index) => (amount.greaterThan(base[best] ?? ZERO) ? index : best), 0);
    const amount = base[largest] ?? ZERO;
    base[largest] = lines[largest]?.side === 'debit' ? amount.minus(difference) : amount.plus(difference);
  }
  const zeroAt = base.findIndex((amount) => !amount.greaterThan(ZERO));
  return zeroAt === -1 ? base : { zeroAt };
}
