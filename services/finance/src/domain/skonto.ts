import { Money, sum, toCents, ZERO } from './money.js';

/** A tax group of a document: its tax code (null: untaxed) and its gross amount, net plus tax. */
export interface TaxGroupShare {
  readonly taxCode: string | null;
  readonly gross: Money;
}

const HUNDRED = new Money(100);

/**
 * Splits `total` (cents) in proportion to `weights`, each share rounded half-up to cents, and puts the
 * rounding difference on the share of the largest weight (the first of equals), so the shares add up to
 * `total` exactly. All-zero weights give all-zero shares but the first, which takes everything.
 */
export function splitByWeight(total: Money, weights: readonly Money[]): Money[] {
  if (weights.length === 0) return [];
  const weightSum = sum(weights);
  const shares = weightSum.isZero()
    ? weights.map((_, index) => (index === 0 ? total : ZERO))
    : weights.map((weight) => toCents(total.times(weight).dividedBy(weightSum)));
  const difference = total.minus(sum(shares));
  if (!difference.isZero()) {
    const largest = weights.reduce((best, weight, index) => (weight.greaterThan(weights[best] ?? ZERO) ? index : best), 0);
    shares[largest] = (shares[largest] ?? ZERO).plus(difference);
  }
  return shares;
}

/** The Skonto on `open` at `percent`, rounded half-up to cents: 2 % of 172.50 is 3.45. */
export function skontoAmount(open: Money, percent: Money): Money {
  return toCents(open.times(percent).dividedBy(HUNDRED));
}

/** Whether a payment on `paymentDate` may take Skonto on a document whose Skonto period ends on `until`. */
export function isWithinSkontoPeriod(paymentDate: string, until: string): boolean {
  return paymentDate <= until;
}

/**
 * Splits a Skonto over the tax groups of its document in proportion to their gross amounts (§ 17 UStG: the
 * Skonto lowers each rate's base in that proportion), so that each share can be posted gross on the Skonto
 * account of its tax code and the posting rules correct that code's tax. Shares of 0.00 are left out.
 */
export function skontoShares(skonto: Money, groups: readonly TaxGroupShare[]): { taxCode: string | null; amount: Money }[] {
  const shares = splitByWeight(
    skonto,
    groups.map((group) => group.gross),
  );
  return groups.map((group, index) => ({ taxCode: group.taxCode, amount: shares[index] ?? ZERO })).filter((share) => share.amount.greaterThan(ZERO));
}
