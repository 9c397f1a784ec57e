/** Benford's expected share of first digit d: log10(1 + 1/d), for d = 1 … 9. */
export const BENFORD_FIRST_DIGIT: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((digit) => Math.log10(1 + 1 / digit));

/** Nigrini's conformity classes of the first-digit test by mean absolute deviation (Nigrini 2012, table 7.1). */
export type BenfordConformity = 'close' | 'acceptable' | 'marginal' | 'nonconformity';

const CLOSE_MAX = 0.006;
const ACCEPTABLE_MAX = 0.012;
const MARGINAL_MAX = 0.015;

export function conformityOf(mad: number): BenfordConformity {
  if (mad <= CLOSE_MAX) return 'close';
  if (mad <= ACCEPTABLE_MAX) return 'acceptable';
  if (mad <= MARGINAL_MAX) return 'marginal';
  return 'nonconformity';
}

/** The first significant digit of an amount written as a decimal string ("0.05" → 5); undefined for zero. */
export function firstDigit(amount: string): number | undefined {
  const digit = /[1-9]/.exec(amount.replace(/^-/, ''));
  return digit ? Number(digit[0]) : undefined;
}

export interface BenfordResult {
  readonly count: number;
  /** Observed share of each first digit 1 … 9. */
  readonly observed: readonly number[];
  /** Mean absolute deviation of observed from expected shares over the nine digits. */
  readonly mad: number;
  readonly conformity: BenfordConformity;
  /** The digit whose share exceeds Benford's the most. */
  readonly mostExcessDigit: number;
}

/** The first-digit test over amounts (decimal strings); undefined when no amount has a first digit. */
export function benfordTest(amounts: readonly string[]): BenfordResult | undefined {
  const counts = new Array<number>(9).fill(0);
  let count = 0;
  for (const amount of amounts) {
    const digit = firstDigit(amount);
    if (digit === undefined) continue;
    counts[digit - 1] = (counts[digit - 1] ?? 0) + 1;
    count += 1;
  }
  if (count === 0) return undefined;
  const observed = counts.map((digitCount) => digitCount / count);
  let deviationSum = 0;
  let mostExcessDigit = 1;
  let mostExcess = Number.NEGATIVE_INFINITY;
  observed.forEach((share, index) => {
    const excess = share - (BENFORD_FIRST_DIGIT[index] ?? 0);
    deviationSum += Math.abs(excess);
    if (excess > mostExcess) {
      mostExcess = excess;
      mostExcessDigit = index + 1;
    }
  });
  const mad = deviationSum / 9;
  return { count, observed, mad, conformity: conformityOf(mad), mostExcessDigit };
}
